import { describe, expect, it } from 'vitest';
import { LOCAL_STAGE, type RedshiftTarget, stage } from '../../core/index.js';
import {
  type Chain,
  CRAWL_FAILED,
  chain,
  crawlAndWait,
  escapeIntrinsicText,
  failureRoute,
  format,
  including,
  pathKey,
  redshiftBatch,
  ref,
  renderStateMachine,
  rethrow,
  runGlueJob,
  STATEMENT_FAILED,
  type State,
  snsPublish,
  stateMachine,
  stateMachineGrants,
  succeed,
} from '../../state-machines/index.js';
import { type AslDefinition, evaluateFormat, route, validateAsl } from './asl.js';

const failed = rethrow('Pipeline failed');
const toFailure = failureRoute(failed.name);
const crawlerArn = 'arn:aws:glue:us-east-1:000000000000:crawler/c';

/** Assembles a pattern into a machine (pattern → Done, failures → Pipeline failed) and renders it. */
function machineOf(...parts: (State | Chain)[]): AslDefinition {
  return renderStateMachine(
    stateMachine(including(chain(...parts, succeed('Done')), failed)),
  ) as unknown as AslDefinition;
}

describe('intrinsic strings', () => {
  it('escapes the four special characters of intrinsic text', () => {
    expect(escapeIntrinsicText("it's {x} \\ ok")).toBe("it\\'s \\{x\\} \\\\ ok");
  });

  it('builds States.Format with path arguments in order', () => {
    const expression = format(["Run '", ref('$$.Execution.Name'), "' of {pipeline}: ", ref('$.n'), ' rows']);
    expect(expression).toBe(
      "States.Format('Run \\'{}\\' of \\{pipeline\\}: {} rows', $$.Execution.Name, $.n)",
    );
    expect(evaluateFormat(expression, { n: 7 }, { Execution: { Name: 'e-1' } })).toBe(
      "Run 'e-1' of {pipeline}: 7 rows",
    );
  });

  it('is accepted by asl-validator inside a payload', () => {
    const definition = machineOf(
      snsPublish('Tell', {
        topicArn: 'arn:aws:sns:us-east-1:000000000000:t',
        subject: 's',
        message: ["a 'quoted' {brace}\nline ", ref('$$.Execution.Name')],
        catch: [{ errors: ['States.ALL'], next: failed.name, resultPath: '$.error' }],
      }),
    );
    expect(validateAsl(definition)).toEqual({ isValid: true, errors: '' });
  });

  it.each([
    ['students', 'students'],
    ['order-items', 'order_items'],
    ['2024 loads', '_2024_loads'],
  ])('pathKey(%s) = %s', (name, key) => {
    expect(pathKey(name)).toBe(key);
  });
});

describe('crawl and wait', () => {
  const definition = machineOf(
    crawlAndWait({ label: 'raw', crawlerName: 'c', crawlerArn, failure: toFailure }),
  );
  const check = definition.States['Check raw crawler']!;
  const crawler = (state: string, lastCrawl?: Record<string, unknown>) => ({
    crawlers: {
      raw: {
        Crawler: { Name: 'c', State: state, ...(lastCrawl === undefined ? {} : { LastCrawl: lastCrawl }) },
      },
    },
  });

  it('passes asl-validator', () => {
    expect(validateAsl(definition)).toEqual({ isValid: true, errors: '' });
  });

  it('starts with the SDK integration and retries a crawler that is already running', () => {
    const start = definition.States['Start raw crawler']!;
    expect(start.Resource).toBe('arn:aws:states:::aws-sdk:glue:startCrawler');
    expect(start.Parameters).toEqual({ Name: 'c' });
    const retried = (start.Retry as { ErrorEquals: string[] }[]).flatMap((r) => r.ErrorEquals);
    expect(retried).toContain('Glue.CrawlerRunningException');
    expect(retried).toContain('Glue.ThrottlingException');
    expect(start.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], Next: 'Pipeline failed', ResultPath: '$.error' },
    ]);
    expect(start.Next).toBe('Wait for raw crawler');
    expect(definition.States['Wait for raw crawler']).toMatchObject({
      Type: 'Wait',
      Next: 'Get raw crawler status',
    });
    expect(definition.States['Get raw crawler status']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:glue:getCrawler',
      ResultPath: '$.crawlers.raw',
      Next: 'Check raw crawler',
    });
  });

  it.each([
    ['RUNNING', crawler('RUNNING', { Status: 'SUCCEEDED' }), 'Wait for raw crawler'],
    ['STOPPING', crawler('STOPPING', { Status: 'SUCCEEDED' }), 'Wait for raw crawler'],
    ['READY before any crawl is recorded', crawler('READY'), 'Wait for raw crawler'],
    ['READY and SUCCEEDED', crawler('READY', { Status: 'SUCCEEDED' }), 'Done'],
    ['READY and FAILED', crawler('READY', { Status: 'FAILED', ErrorMessage: 'bad' }), 'Raw crawl failed'],
    ['READY and CANCELLED', crawler('READY', { Status: 'CANCELLED' }), 'Raw crawl failed'],
  ])('routes a crawler %s', (_, input, target) => {
    expect(route(check, input)).toBe(target);
  });

  it('records a failed crawl as Lakeline.CrawlFailed and takes the failure route', () => {
    const state = definition.States['Raw crawl failed']!;
    expect(state).toMatchObject({ Type: 'Pass', ResultPath: '$.error', Next: 'Pipeline failed' });
    expect((state.Parameters as Record<string, unknown>).Error).toBe(CRAWL_FAILED);
  });

  it('grants start and get on the crawler only', () => {
    const m = stateMachine(
      including(
        chain(
          crawlAndWait({ label: 'raw', crawlerName: 'c', crawlerArn, failure: toFailure }),
          succeed('Done'),
        ),
        failed,
      ),
    );
    expect(stateMachineGrants(m)).toEqual([
      { actions: ['glue:StartCrawler'], resources: [crawlerArn] },
      { actions: ['glue:GetCrawler'], resources: [crawlerArn] },
    ]);
  });
});

describe('Redshift statement poll', () => {
  const cluster = stage({
    name: 'dev',
    account: '111111111111',
    region: 'eu-west-1',
    bucket: 'b-dev',
    redshift: { clusterIdentifier: 'dw', database: 'analytics', copyRoleName: 'copy' },
  });
  const batch = (s = LOCAL_STAGE, sqls = ['select 1', 'select 2']) =>
    redshiftBatch({
      label: 'load',
      statementName: 'p-load',
      sqls,
      stage: s,
      target: s.warehouse as RedshiftTarget,
      failure: toFailure,
    });
  const definition = machineOf(batch());
  const check = definition.States['Check load']!;
  const status = (s: Record<string, unknown>) => ({
    statements: { load: { started: { Id: 'i' }, status: { Id: 'i', ...s } } },
  });

  it('passes asl-validator', () => {
    expect(validateAsl(definition)).toEqual({ isValid: true, errors: '' });
  });

  it('runs every statement in one batch on the stage workgroup', () => {
    expect(definition.States['Start load']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement',
      Parameters: {
        WorkgroupName: 'lakeline-local',
        Database: 'dev',
        Sqls: ['select 1', 'select 2'],
        StatementName: 'p-load',
      },
    });
    expect(definition.States['Get load status']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement',
      Parameters: { 'Id.$': '$.statements.load.started.Id' },
    });
  });

  it('addresses a cluster by identifier', () => {
    const params = machineOf(batch(cluster)).States['Start load']!.Parameters as Record<string, unknown>;
    expect(params.ClusterIdentifier).toBe('dw');
    expect(params).not.toHaveProperty('WorkgroupName');
    expect(params).not.toHaveProperty('SecretArn');
  });

  it.each([
    ['FINISHED', status({ Status: 'FINISHED' }), 'Done'],
    ['STARTED', status({ Status: 'STARTED' }), 'Wait for load'],
    ['SUBMITTED', status({ Status: 'SUBMITTED' }), 'Wait for load'],
    [
      'FAILED with an error',
      status({ Status: 'FAILED', Error: 'ERROR: relation does not exist' }),
      'Load failed',
    ],
    ['ABORTED without an error', status({ Status: 'ABORTED' }), 'Load aborted'],
  ])('routes a statement %s', (_, input, target) => {
    expect(route(check, input)).toBe(target);
  });

  it("puts the statement's error in the cause", () => {
    const state = definition.States['Load failed']!;
    const params = state.Parameters as Record<string, string>;
    expect(params.Error).toBe(STATEMENT_FAILED);
    const input = status({ Status: 'FAILED', Error: 'ERROR: relation "x" does not exist' });
    expect(evaluateFormat(params['Cause.$']!, input)).toBe(
      'Redshift statement p-load (i) ended FAILED: ERROR: relation "x" does not exist',
    );
  });

  it.each([
    [
      'a workgroup without a secret',
      LOCAL_STAGE,
      ['redshift-data:BatchExecuteStatement', 'redshift-serverless:GetCredentials'],
      'arn:aws:redshift-serverless:us-east-1:000000000000:workgroup/*',
    ],
    [
      'a cluster without a secret',
      cluster,
      ['redshift-data:BatchExecuteStatement', 'redshift:GetClusterCredentialsWithIAM'],
      'arn:aws:redshift:eu-west-1:111111111111:dbname:dw/analytics',
    ],
  ])('grants what %s needs', (_, s, actions, resource) => {
    const m = stateMachine(including(chain(batch(s), succeed('Done')), failed));
    const grants = stateMachineGrants(m);
    const granted = grants.flatMap((g) => g.actions);
    for (const a of actions) expect(granted).toContain(a);
    expect(grants.flatMap((g) => g.resources)).toContain(resource);
    expect(grants.find((g) => g.actions.includes('redshift-data:DescribeStatement'))?.conditions).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM
      StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' },
    });
  });

  it('refuses a batch the Data API would refuse', () => {
    expect(() => batch(LOCAL_STAGE, [])).toThrow(/1 to 40 statements, got 0/);
    expect(() =>
      batch(
        LOCAL_STAGE,
        Array.from({ length: 41 }, () => 'select 1'),
      ),
    ).toThrow(/got 41/);
    expect(() => batch(LOCAL_STAGE, ['x'.repeat(100_001)])).toThrow(/statement 1 is longer/);
  });
});

describe('Glue job and SNS publish', () => {
  it('runs a job with .sync and grants what .sync calls on that job only', () => {
    const job = runGlueJob('Run job a', {
      jobName: 'p-dev-a',
      jobArn: 'arn:aws:glue:eu-west-1:111111111111:job/p-dev-a',
      arguments: { '--run_id.$': '$$.Execution.Name' },
      timeoutSeconds: 3600,
      catch: [{ errors: ['States.ALL'], next: failed.name, resultPath: '$.error' }],
    });
    const m = stateMachine(including(chain(job, succeed('Done')), failed));
    const state = (renderStateMachine(m) as unknown as AslDefinition).States['Run job a']!;
    expect(state).toMatchObject({
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      Parameters: { JobName: 'p-dev-a', Arguments: { '--run_id.$': '$$.Execution.Name' } },
      TimeoutSeconds: 3600,
    });
    const retried = (state.Retry as { ErrorEquals: string[] }[]).flatMap((r) => r.ErrorEquals);
    expect(retried).toContain('Glue.ConcurrentRunsExceededException');
    // A failed run surfaces as States.TaskFailed and must reach the catch path, not be retried.
    expect(retried).not.toContain('States.TaskFailed');
    expect(stateMachineGrants(m)).toEqual([
      {
        actions: ['glue:BatchStopJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:StartJobRun'],
        resources: ['arn:aws:glue:eu-west-1:111111111111:job/p-dev-a'],
      },
    ]);
  });

  it('keeps an SNS subject ASCII and under 100 characters', () => {
    const t = snsPublish('Tell', {
      topicArn: 'arn:aws:sns:us-east-1:000000000000:t',
      subject: `run — ${'x'.repeat(200)}`,
      message: ['m'],
      catch: [],
    });
    const subject = (t.parameters as Record<string, string>).Subject!;
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(t.grants).toEqual([
      { actions: ['sns:Publish'], resources: ['arn:aws:sns:us-east-1:000000000000:t'] },
    ]);
  });
});
