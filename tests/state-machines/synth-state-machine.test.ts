import { describe, expect, it } from 'vitest';
import {
  type Artifact,
  column as c,
  definePipeline,
  findStage,
  type Job,
  job,
  artifactLayout as layout,
  notifications,
  type Pipeline,
  PipelineDefinitionError,
  processedDataset,
  rawDataset,
  referenceCheck,
  runSummaryKey,
  schedule,
  t,
  taskGraph,
} from '../../core/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { synthStateMachine } from '../../state-machines/index.js';
import { customers, miniSpec, ordersJob } from '../fixtures/mini-pipeline.js';
import { type AslDefinition, type AslStateJson, evaluateFormat, everyState, validateAsl } from './asl.js';

const LOAD = ['BEGIN', 'COPY edu.stg FROM s3', 'MERGE INTO edu.t', 'COMMIT'].map((sql) => ({
  sql,
  label: sql,
  part: 0,
}));

/** The mini pipeline without warehouse or schedule; orders check customers, so they run after them. */
function smallPipeline(): Pipeline {
  const { warehouse: _unused, ...spec } = miniSpec();
  const orders = job({
    ...ordersJob,
    steps: [
      ...ordersJob.steps,
      referenceCheck({ column: 'customer_id', references: customers, key: 'customer_id' }),
    ],
  });
  return definePipeline({ ...spec, jobs: [spec.jobs[0]!, orders] });
}

function synth(pipeline: Pipeline, stageName: string): Map<string, Artifact> {
  const load = pipeline.warehouse === undefined ? [] : LOAD;
  const artifacts = synthStateMachine(pipeline, findStage(pipeline, stageName), { warehouseLoad: load });
  return new Map(artifacts.map((a) => [a.path, a]));
}

const json = <T>(files: Map<string, Artifact>, path: string): T => JSON.parse(files.get(path)!.content) as T;
const asl = (files: Map<string, Artifact>) => json<AslDefinition>(files, layout.stateMachine);

/** Dependencies straight from the model: jobs whose input a referenceCheck of `of` points at. */
function dependencies(pipeline: Pipeline, of: Job): Job[] {
  const refs = of.steps.flatMap((s) => (s.kind === 'referenceCheck' ? [s.references.name] : []));
  return pipeline.jobs.filter((j) => j !== of && refs.includes(j.input.name));
}

/** Shortest distance of every top-level state from StartAt, not following Catch. */
function distances(definition: AslDefinition): Map<string, number> {
  const out = new Map<string, number>([[definition.StartAt, 0]]);
  const queue = [definition.StartAt];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const s = definition.States[name]!;
    const targets = [
      s.Next,
      s.Default,
      ...((s.Choices as { Next: string }[] | undefined) ?? []).map((r) => r.Next),
    ].filter((x): x is string => typeof x === 'string');
    for (const target of targets) {
      if (out.has(target)) continue;
      out.set(target, out.get(name)! + 1);
      queue.push(target);
    }
  }
  return out;
}

/** Where each job's Task sits on the main path (a job in a Parallel branch takes the Parallel's place). */
function jobPositions(definition: AslDefinition): Map<string, number> {
  const dist = distances(definition);
  const positions = new Map<string, number>();
  for (const [name, state] of Object.entries(definition.States)) {
    for (const [taskName, s] of everyState({ States: { [name]: state } })) {
      if (s.Resource === 'arn:aws:states:::glue:startJobRun.sync') positions.set(taskName, dist.get(name)!);
    }
  }
  return positions;
}

const cases: [string, Pipeline, string][] = [
  ['the flagship in local', flagship, 'local'],
  ['the flagship in dev', flagship, 'dev'],
  ['the flagship in prod', flagship, 'prod'],
  ['a small pipeline without warehouse or schedule', smallPipeline(), 'local'],
];

describe.each(cases)('%s', (_, pipeline, stageName) => {
  const files = synth(pipeline, stageName);
  const definition = asl(files);

  it('passes asl-validator', () => {
    expect(validateAsl(definition)).toEqual({ isValid: true, errors: '' });
  });

  it('gives every Task a Retry and a Catch', () => {
    const tasks = everyState(definition).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(0);
    for (const [name, s] of tasks) {
      expect((s.Retry as unknown[] | undefined)?.length, `${name} Retry`).toBeGreaterThan(0);
      expect((s.Catch as unknown[] | undefined)?.length, `${name} Catch`).toBeGreaterThan(0);
    }
  });

  it('has no wildcard IAM action in any role', () => {
    const roles = [...files.keys()].filter((p) => layout.roles.nameOf(p) !== undefined);
    expect(roles).toContain(layout.stateMachineRole);
    for (const path of roles) {
      const role = json<{ Policies: { PolicyDocument: { Statement: { Action: string[] }[] } }[] }>(
        files,
        path,
      );
      const actions = role.Policies.flatMap((p) => p.PolicyDocument.Statement.flatMap((s) => s.Action));
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) expect(action, path).not.toContain('*');
    }
  });

  it('runs every job once, after the jobs it checks references against', () => {
    const positions = jobPositions(definition);
    expect([...positions.keys()].sort()).toEqual(pipeline.jobs.map((j) => `Run job ${j.name}`).sort());
    for (const j of pipeline.jobs) {
      for (const dep of dependencies(pipeline, j)) {
        expect(positions.get(`Run job ${dep.name}`)!, `${dep.name} before ${j.name}`).toBeLessThan(
          positions.get(`Run job ${j.name}`)!,
        );
      }
    }
  });

  it('passes the execution name to every job run as its run id', () => {
    for (const [, s] of everyState(definition).filter(
      ([, s]) => s.Resource === 'arn:aws:states:::glue:startJobRun.sync',
    )) {
      expect((s.Parameters as { Arguments: unknown }).Arguments).toEqual({
        '--run_id.$': '$$.Execution.Name',
      });
    }
  });

  it("reads each job's run summary where the runner writes it", () => {
    const stage = findStage(pipeline, stageName);
    for (const j of pipeline.jobs) {
      const read = definition.States[`Read run summary ${j.name}`]!;
      const params = read.Parameters as Record<string, string>;
      expect(params.Bucket).toBe(stage.bucket);
      const key = evaluateFormat(params['Key.$']!, {}, { Execution: { Name: 'exec-42' } });
      expect(key).toBe(runSummaryKey(pipeline.name, 'exec-42', j.name));
      expect(read.ResultSelector).toEqual({ 'Body.$': 'States.StringToJson($.Body)' });
    }
  });

  it('sends every failure through the notification to a Fail with the original error', () => {
    const notify = definition.States['Notify failure']!;
    expect(notify.Next).toBe('Pipeline failed');
    expect(definition.States['Pipeline failed']).toMatchObject({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
    for (const [name, s] of Object.entries(definition.States)) {
      if (name === 'Notify failure' || s.Catch === undefined) continue;
      expect(s.Catch, name).toEqual([
        { ErrorEquals: ['States.ALL'], Next: 'Notify failure', ResultPath: '$.error' },
      ]);
    }
  });

  it('is byte-for-byte the same when synthesized again', () => {
    const again = synth(pipeline, stageName);
    expect([...again.values()].map((a) => a.content)).toEqual([...files.values()].map((a) => a.content));
  });
});

describe('the flagship', () => {
  const dev = synth(flagship, 'dev');
  const definition = asl(dev);

  it('has the readable, stable state names users refer to', () => {
    const names = Object.keys(definition.States);
    for (const name of [
      'Start raw crawler',
      'Check raw crawler',
      'Run jobs students, courses, instructors',
      'Run job enrollments',
      'Start processed crawler',
      'Start warehouse load',
      'Check warehouse load',
      'Read run summary enrollments',
      'Notify success',
      'Pipeline succeeded',
      'Notify failure',
      'Pipeline failed',
    ]) {
      expect(names).toContain(name);
    }
    expect(definition.StartAt).toBe('Start raw crawler');
  });

  it('runs the three independent jobs in parallel and re-raises a branch failure unchanged', () => {
    const par = definition.States['Run jobs students, courses, instructors']!;
    expect(par.Type).toBe('Parallel');
    expect(par.Next).toBe('Run job enrollments');
    const branches = par.Branches as { StartAt: string; States: Record<string, AslStateJson> }[];
    expect(branches.map((b) => b.StartAt)).toEqual([
      'Run job students',
      'Run job courses',
      'Run job instructors',
    ]);
    const students = branches[0]!.States;
    expect(students['Run job students']!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], Next: 'Job students failed', ResultPath: '$.error' },
    ]);
    expect(students['Job students failed']).toEqual({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
  });

  it('loads the warehouse with the given statements, in one batch, with the stage secret', () => {
    expect(definition.States['Start warehouse load']!.Parameters).toEqual({
      WorkgroupName: 'lakeline-dev',
      Database: 'analytics',
      SecretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:lakeline/dev/redshift',
      Sqls: LOAD.map((st) => st.sql),
      StatementName: 'student-enrollment-dev-warehouse-load',
    });
  });

  it('reports row counts and the DQ score of every dataset on success', () => {
    const message = (definition.States['Notify success']!.Parameters as Record<string, string>)['Message.$']!;
    const summary = (inputRows: number) => ({
      Body: {
        inputRows,
        outputRows: inputRows - 3,
        quarantinedRows: 2,
        duplicateRows: 1,
        quality: { score: 0.97 },
      },
    });
    const input = {
      summaries: {
        students: summary(100),
        courses: summary(20),
        instructors: summary(10),
        enrollments: summary(500),
      },
    };
    const text = evaluateFormat(message, input, { Execution: { Name: 'exec-1' } });
    expect(text).toContain('Pipeline student-enrollment (dev) run exec-1 succeeded.');
    expect(text).toContain(
      'enrollments: 500 rows in, 497 written, 2 quarantined, 1 duplicates; data quality score 0.97 (ruleset enrollments)',
    );
    expect(text.split('\n').filter((l) => l.includes('rows in'))).toHaveLength(4);
  });

  it('derives its role from the states: named crawlers, jobs, topic, secret and summaries', () => {
    const role = json<{
      RoleName: string;
      AssumeRolePolicyDocument: { Statement: { Principal: { Service: string } }[] };
      Policies: { PolicyDocument: { Statement: { Action: string[]; Resource: string[] }[] } }[];
    }>(dev, layout.stateMachineRole);
    expect(role.RoleName).toBe('student-enrollment-dev-state-machine-role');
    expect(role.AssumeRolePolicyDocument.Statement[0]!.Principal.Service).toBe('states.amazonaws.com');
    const statements = role.Policies[0]!.PolicyDocument.Statement;
    const resourcesOf = (action: string) =>
      statements.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
    expect(resourcesOf('glue:StartJobRun')).toEqual(
      ['courses', 'enrollments', 'instructors', 'students'].map(
        (j) => `arn:aws:glue:eu-west-1:111111111111:job/student-enrollment-dev-${j}`,
      ),
    );
    expect(resourcesOf('glue:GetJobRun')).toEqual(resourcesOf('glue:StartJobRun'));
    expect(resourcesOf('glue:StartCrawler')).toEqual([
      'arn:aws:glue:eu-west-1:111111111111:crawler/student-enrollment-dev-processed-crawler',
      'arn:aws:glue:eu-west-1:111111111111:crawler/student-enrollment-dev-raw-crawler',
    ]);
    expect(resourcesOf('sns:Publish')).toEqual([
      'arn:aws:sns:eu-west-1:111111111111:student-enrollment-dev-notifications',
    ]);
    expect(resourcesOf('secretsmanager:GetSecretValue')).toContain(
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:lakeline/dev/redshift',
    );
    expect(resourcesOf('s3:GetObject')).toContain(
      'arn:aws:s3:::lakeline-dev-data/student-enrollment/runs/*/students.json',
    );
  });

  it('asks a local workgroup without a secret for temporary credentials instead', () => {
    const role = synth(flagship, 'local').get(layout.stateMachineRole)!.content;
    expect(role).toContain('redshift-serverless:GetCredentials');
    expect(role).not.toContain('secretsmanager');
  });

  it('writes an encrypted topic with the stage subscriptions and tags', () => {
    const prod = synth(flagship, 'prod');
    expect(json(prod, layout.topic)).toEqual({
      Name: 'student-enrollment-prod-notifications',
      Attributes: { DisplayName: 'student-enrollment', KmsMasterKeyId: 'alias/aws/sns' },
      Tags: [
        { Key: 'cost-center', Value: 'analytics' },
        { Key: 'lakeline:pipeline', Value: 'student-enrollment' },
        { Key: 'lakeline:stage', Value: 'prod' },
      ],
      Subscriptions: [{ Protocol: 'email', Endpoint: 'data-alerts@example.com' }],
    });
  });

  it.each([
    ['dev', 'DISABLED'],
    ['prod', 'ENABLED'],
  ])('schedules the %s state machine, %s as the stage says', (stageName, state) => {
    const files = synth(flagship, stageName);
    const machineArn = `arn:aws:states:eu-west-1:${stageName === 'dev' ? '111111111111' : '222222222222'}:stateMachine:student-enrollment-${stageName}-state-machine`;
    expect(json(files, layout.schedule)).toMatchObject({
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: state,
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: machineArn },
    });
    const role = json<{ RoleName: string; Policies: { PolicyDocument: { Statement: unknown[] } }[] }>(
      files,
      layout.schedulerRole,
    );
    expect(json<{ Target: { RoleArn: string } }>(files, layout.schedule).Target.RoleArn).toMatch(
      new RegExp(`:role/${role.RoleName}$`),
    );
    expect(role.Policies[0]!.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['states:StartExecution'], Resource: [machineArn] },
    ]);
    // Schedules cannot carry tags; the pipeline's own group does.
    const group = json<{ Name: string; Tags: { Key: string; Value: string }[] }>(files, layout.scheduleGroup);
    expect(json<{ GroupName: string }>(files, layout.schedule).GroupName).toBe(group.Name);
    expect(group.Name).toBe(`student-enrollment-${stageName}-schedules`);
    expect(group.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'lakeline:pipeline', Value: 'student-enrollment' },
        { Key: 'lakeline:stage', Value: stageName },
      ]),
    );
  });
});

describe('a pipeline without warehouse, schedule or success notification', () => {
  it('writes no schedule and no warehouse states', () => {
    const files = synth(smallPipeline(), 'local');
    expect([...files.keys()].sort()).toEqual([
      'iam/state-machine-role.json',
      'sns/topic.json',
      'state-machine.asl.json',
    ]);
    expect(Object.keys(asl(files).States).some((n) => n.includes('warehouse'))).toBe(false);
    const positions = jobPositions(asl(files));
    expect(positions.get('Run job customers')!).toBeLessThan(positions.get('Run job orders')!);
  });

  it('skips the notifications the pipeline does not want and fails directly', () => {
    const quiet = definePipeline({
      ...smallPipeline(),
      notifications: notifications({ topic: 'alerts', onSuccess: false, onFailure: false }),
    });
    const definition = asl(synth(quiet, 'local'));
    expect(validateAsl(definition)).toEqual({ isValid: true, errors: '' });
    const names = Object.keys(definition.States);
    expect(names.filter((n) => n.startsWith('Notify') || n.startsWith('Read run summary'))).toEqual([]);
    expect(definition.States['Start raw crawler']!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], Next: 'Pipeline failed', ResultPath: '$.error' },
    ]);
  });

  it('refuses load statements for a pipeline without a warehouse, and a warehouse without them', () => {
    const small = smallPipeline();
    expect(() =>
      synthStateMachine(small, findStage(small, 'local'), {
        warehouseLoad: [{ sql: 'select 1', label: 'SELECT', part: 0 }],
      }),
    ).toThrow(/loads no warehouse/);
    expect(() => synthStateMachine(flagship, findStage(flagship, 'dev'), { warehouseLoad: [] })).toThrow(
      /no load statements/,
    );
  });

  it('schedules only when the pipeline has a schedule', () => {
    const scheduled = definePipeline({ ...smallPipeline(), schedule: schedule('rate(1 hour)') });
    const files = synth(scheduled, 'local');
    expect(json(files, layout.schedule)).toMatchObject({
      ScheduleExpression: 'rate(1 hour)',
      State: 'DISABLED',
    });
  });
});

describe('job levels', () => {
  const raw = (name: string) =>
    rawDataset({
      name,
      prefix: `${name}/`,
      format: 'csv',
      columns: [c('id', t.string(8)), c('ref', t.string(8))],
    });
  const a = raw('a');
  const b = raw('b');
  const d = raw('d');
  const e = raw('e');
  const jobOf = (input: ReturnType<typeof raw>, refs: ReturnType<typeof raw>[]) =>
    job({
      name: input.name,
      input,
      steps: refs.map((r) => referenceCheck({ column: 'ref', references: r, key: 'id' })),
      output: processedDataset({ name: input.name }),
    });
  const levelsOf = (jobs: Job[]) =>
    taskGraph({ name: 'p', tasks: jobs, jobs } as unknown as Pipeline).levels.map((l) =>
      l.map((j) => j.name),
    );

  it('puts independent jobs together and each job one level after its latest dependency', () => {
    // e checks d, d checks b, b checks a: four levels; the pipeline order of the list does not matter.
    expect(levelsOf([jobOf(e, [d]), jobOf(d, [b, a]), jobOf(b, [a]), jobOf(a, [])])).toEqual([
      ['a'],
      ['b'],
      ['d'],
      ['e'],
    ]);
    expect(levelsOf([jobOf(a, []), jobOf(b, []), jobOf(d, [a]), jobOf(e, [a])])).toEqual([
      ['a', 'b'],
      ['d', 'e'],
    ]);
  });

  it('matches the flagship: the raw crawl, three dimensions, enrollments, the processed crawl, the load', () => {
    expect(taskGraph(flagship).levels.map((l) => l.map((j) => j.name))).toEqual([
      ['raw'],
      ['students', 'courses', 'instructors'],
      ['enrollments'],
      ['processed'],
      ['warehouse-load'],
    ]);
  });

  it('names the jobs of a reference cycle', () => {
    const cycle = () => levelsOf([jobOf(a, [b]), jobOf(b, [a])]);
    expect(cycle).toThrow(PipelineDefinitionError);
    expect(cycle).toThrow(/a → b → a/);
  });
});
