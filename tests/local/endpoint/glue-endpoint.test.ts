import {
  CreateClassifierCommand,
  CreateCrawlerCommand,
  CreateDataQualityRulesetCommand,
  CreateJobCommand,
  DeleteClassifierCommand,
  DeleteCrawlerCommand,
  DeleteDataQualityRulesetCommand,
  DeleteJobCommand,
  GetClassifierCommand,
  GetCrawlerCommand,
  GetCrawlersCommand,
  GetDatabaseCommand,
  GetDataQualityRulesetCommand,
  GetJobCommand,
  GetJobRunCommand,
  GetJobRunsCommand,
  GetJobsCommand,
  GetTableCommand,
  GetTablesCommand,
  GetTagsCommand,
  GetWorkflowCommand,
  GlueClient,
  ListCrawlersCommand,
  ListDataQualityRulesetsCommand,
  ListJobsCommand,
  StartCrawlerCommand,
  StartJobRunCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateClassifierCommand,
  UpdateCrawlerCommand,
  UpdateDataQualityRulesetCommand,
  UpdateJobCommand,
} from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glueEndpoint } from '../../../local/endpoint/glue-endpoint.js';
import { errorName, pollUntil, REGION, type SdkWorld, sdkWorld } from './sdk-world.js';

let world: SdkWorld;
let glue: GlueClient;
const ROLE = 'arn:aws:iam::000000000000:role/glue';
const arn = (type: string, name: string) => `arn:aws:glue:${REGION}:000000000000:${type}/${name}`;

beforeAll(async () => {
  world = await sdkWorld((cloud) => [glueEndpoint(cloud)]);
  glue = new GlueClient(world.client);
});
afterAll(async () => {
  glue?.destroy();
  await world?.close();
});

describe('classifiers', () => {
  it('are created, read, updated (members given replace, the rest stay) and deleted', async () => {
    await glue.send(
      new CreateClassifierCommand({
        CsvClassifier: { Name: 'csv', Delimiter: ',', ContainsHeader: 'PRESENT', QuoteSymbol: '"' },
      }),
    );
    const created = (await glue.send(new GetClassifierCommand({ Name: 'csv' }))).Classifier?.CsvClassifier;
    expect(created).toMatchObject({ Name: 'csv', Delimiter: ',', ContainsHeader: 'PRESENT', Version: 1 });
    expect(created?.CreationTime).toBeInstanceOf(Date);
    expect(Math.abs(created!.CreationTime!.getTime() - Date.now())).toBeLessThan(60_000);

    await glue.send(new UpdateClassifierCommand({ CsvClassifier: { Name: 'csv', Delimiter: ';' } }));
    const updated = (await glue.send(new GetClassifierCommand({ Name: 'csv' }))).Classifier?.CsvClassifier;
    expect(updated).toMatchObject({ Delimiter: ';', ContainsHeader: 'PRESENT', Version: 2 });

    expect(await errorName(glue.send(new CreateClassifierCommand({ CsvClassifier: { Name: 'csv' } })))).toBe(
      'AlreadyExistsException',
    );
    expect(
      await errorName(
        glue.send(new UpdateClassifierCommand({ CsvClassifier: { Name: 'csv', QuoteSymbol: ';' } })),
      ),
    ).toBe('InvalidInputException');
    await glue.send(new DeleteClassifierCommand({ Name: 'csv' }));
    expect(await errorName(glue.send(new GetClassifierCommand({ Name: 'csv' })))).toBe(
      'EntityNotFoundException',
    );
    expect(await errorName(glue.send(new DeleteClassifierCommand({ Name: 'csv' })))).toBe(
      'EntityNotFoundException',
    );
  });
});

describe('crawlers', () => {
  it('crawl local S3 into the catalog, read back through GetCrawler, GetTables and GetTable', async () => {
    world.cloud.s3.createBucket('lake');
    for (let i = 0; i < 20; i++)
      world.cloud.s3.put('lake', `raw/students/part-${i}.csv`, `id,name\n${i},s${i}\n`);
    await glue.send(
      new CreateCrawlerCommand({
        Name: 'raw',
        Role: ROLE,
        DatabaseName: 'lake_raw',
        Targets: { S3Targets: [{ Path: 's3://lake/raw/students/' }] },
        Tags: { team: 'data' },
      }),
    );
    const before = (await glue.send(new GetCrawlerCommand({ Name: 'raw' }))).Crawler;
    expect(before).toMatchObject({ Name: 'raw', State: 'READY', DatabaseName: 'lake_raw', Version: 1 });
    expect(before?.CreationTime).toBeInstanceOf(Date);

    await glue.send(new StartCrawlerCommand({ Name: 'raw' }));
    expect(await errorName(glue.send(new StartCrawlerCommand({ Name: 'raw' })))).toBe(
      'CrawlerRunningException',
    );
    expect(await errorName(glue.send(new DeleteCrawlerCommand({ Name: 'raw' })))).toBe(
      'CrawlerRunningException',
    );
    const after = await pollUntil(
      async () => (await glue.send(new GetCrawlerCommand({ Name: 'raw' }))).Crawler,
      (c) => c?.State === 'READY',
    );
    expect(after?.LastCrawl?.Status).toBe('SUCCEEDED');
    expect(after?.LastCrawl?.StartTime).toBeInstanceOf(Date);

    expect((await glue.send(new GetDatabaseCommand({ Name: 'lake_raw' }))).Database?.Name).toBe('lake_raw');
    const tables = (await glue.send(new GetTablesCommand({ DatabaseName: 'lake_raw' }))).TableList ?? [];
    expect(tables.map((t) => t.Name)).toEqual(['students']);
    const table = (await glue.send(new GetTableCommand({ DatabaseName: 'lake_raw', Name: 'students' })))
      .Table;
    expect(table?.StorageDescriptor?.Columns?.map((c) => c.Name)).toEqual(['id', 'name']);
    expect(table?.CreateTime).toBeInstanceOf(Date);
    expect(await errorName(glue.send(new GetTableCommand({ DatabaseName: 'lake_raw', Name: 'nope' })))).toBe(
      'EntityNotFoundException',
    );
  });

  it('are updated member by member, listed by tag, paged and deleted', async () => {
    await glue.send(
      new CreateCrawlerCommand({
        Name: 'other',
        Role: ROLE,
        DatabaseName: 'lake_other',
        Targets: { S3Targets: [{ Path: 's3://lake/other/' }] },
      }),
    );
    await glue.send(new UpdateCrawlerCommand({ Name: 'other', Description: 'the other one' }));
    const updated = (await glue.send(new GetCrawlerCommand({ Name: 'other' }))).Crawler;
    expect(updated).toMatchObject({ Description: 'the other one', DatabaseName: 'lake_other', Version: 2 });
    expect(updated?.Targets?.S3Targets?.[0]?.Path).toBe('s3://lake/other/');
    expect(
      await errorName(
        glue.send(
          new UpdateCrawlerCommand({ Name: 'other', Targets: { S3Targets: [{ Path: 'lake/other' }] } }),
        ),
      ),
    ).toBe('InvalidInputException');

    expect((await glue.send(new ListCrawlersCommand({}))).CrawlerNames).toEqual(['other', 'raw']);
    expect((await glue.send(new ListCrawlersCommand({ Tags: { team: 'data' } }))).CrawlerNames).toEqual([
      'raw',
    ]);
    const first = await glue.send(new GetCrawlersCommand({ MaxResults: 1 }));
    expect(first.Crawlers?.map((c) => c.Name)).toEqual(['other']);
    const second = await glue.send(new GetCrawlersCommand({ MaxResults: 1, NextToken: first.NextToken }));
    expect(second.Crawlers?.map((c) => c.Name)).toEqual(['raw']);
    expect(second.NextToken).toBeUndefined();

    await glue.send(new DeleteCrawlerCommand({ Name: 'other' }));
    expect(await errorName(glue.send(new GetCrawlerCommand({ Name: 'other' })))).toBe(
      'EntityNotFoundException',
    );
    expect(
      await errorName(
        glue.send(new CreateCrawlerCommand({ Name: 'raw', Role: ROLE, DatabaseName: 'x', Targets: {} })),
      ),
    ).toBe('AlreadyExistsException');
  });
});

describe('jobs', () => {
  const command = { Name: 'glueetl', ScriptLocation: 's3://lake/scripts/missing.py' };

  it('are created, replaced by UpdateJob, listed, run and deleted (idempotently)', async () => {
    await glue.send(
      new CreateJobCommand({
        Name: 'students',
        Role: ROLE,
        Command: command,
        Description: 'first',
        WorkerType: 'G.2X',
        Tags: { team: 'data' },
      }),
    );
    const job = (await glue.send(new GetJobCommand({ JobName: 'students' }))).Job;
    expect(job).toMatchObject({ Name: 'students', Description: 'first', WorkerType: 'G.2X', Role: ROLE });
    expect(job?.CreatedOn).toBeInstanceOf(Date);

    // JobUpdate replaces the definition: Description and WorkerType left out take the defaults.
    expect(
      await glue.send(
        new UpdateJobCommand({ JobName: 'students', JobUpdate: { Role: ROLE, Command: command } }),
      ),
    ).toMatchObject({ JobName: 'students' });
    const replaced = (await glue.send(new GetJobCommand({ JobName: 'students' }))).Job;
    expect(replaced?.Description).toBeUndefined();
    expect(replaced?.WorkerType).toBe('G.1X');
    expect(replaced?.CreatedOn?.getTime()).toBe(job?.CreatedOn?.getTime());

    await glue.send(new CreateJobCommand({ Name: 'courses', Role: ROLE, Command: command }));
    expect((await glue.send(new ListJobsCommand({}))).JobNames).toEqual(['courses', 'students']);
    expect((await glue.send(new ListJobsCommand({ Tags: { team: 'data' } }))).JobNames).toEqual(['students']);
    expect((await glue.send(new GetJobsCommand({}))).Jobs?.map((j) => j.Name)).toEqual([
      'courses',
      'students',
    ]);

    // The script is not in S3, so the run fails, as Glue's would.
    const { JobRunId } = await glue.send(new StartJobRunCommand({ JobName: 'students' }));
    expect(JobRunId).toMatch(/^jr_/);
    const run = await pollUntil(
      async () => (await glue.send(new GetJobRunCommand({ JobName: 'students', RunId: JobRunId }))).JobRun,
      (r) => r?.JobRunState !== 'RUNNING',
    );
    expect(run?.JobRunState).toBe('FAILED');
    expect(run?.ErrorMessage).toBeTruthy();
    expect(run?.StartedOn).toBeInstanceOf(Date);
    expect(run?.CompletedOn).toBeInstanceOf(Date);
    const runs = (await glue.send(new GetJobRunsCommand({ JobName: 'students' }))).JobRuns ?? [];
    expect(runs.map((r) => r.Id)).toEqual([JobRunId]);

    expect(await glue.send(new DeleteJobCommand({ JobName: 'courses' }))).toMatchObject({
      JobName: 'courses',
    });
    expect(await glue.send(new DeleteJobCommand({ JobName: 'courses' }))).toMatchObject({
      JobName: 'courses',
    });
    expect(await errorName(glue.send(new GetJobCommand({ JobName: 'courses' })))).toBe(
      'EntityNotFoundException',
    );
  });

  it('answers the errors Glue answers', async () => {
    expect(
      await errorName(glue.send(new CreateJobCommand({ Name: 'students', Role: ROLE, Command: command }))),
    ).toBe('AlreadyExistsException');
    expect(
      await errorName(glue.send(new CreateJobCommand({ Name: 'no-role', Command: command } as never))),
    ).toBe('InvalidInputException');
    expect(await errorName(glue.send(new StartJobRunCommand({ JobName: 'missing' })))).toBe(
      'EntityNotFoundException',
    );
    expect(
      await errorName(
        glue.send(new UpdateJobCommand({ JobName: 'missing', JobUpdate: { Role: ROLE, Command: command } })),
      ),
    ).toBe('EntityNotFoundException');
    expect(
      await errorName(glue.send(new GetJobRunCommand({ JobName: 'students', RunId: 'jr_missing' }))),
    ).toBe('EntityNotFoundException');
  });
});

describe('data quality rulesets', () => {
  const rules = 'Rules = [ IsComplete "student_id", RowCount > 0 ]';
  const targetTable = { DatabaseName: 'lake_raw', TableName: 'students' };

  it('are created, read, updated, listed with a filter and deleted', async () => {
    await glue.send(
      new CreateDataQualityRulesetCommand({
        Name: 'students-dq',
        Ruleset: rules,
        Description: 'students',
        TargetTable: targetTable,
        Tags: { team: 'data' },
      }),
    );
    const got = await glue.send(new GetDataQualityRulesetCommand({ Name: 'students-dq' }));
    expect(got).toMatchObject({
      Name: 'students-dq',
      Ruleset: rules,
      Description: 'students',
      TargetTable: targetTable,
    });
    expect(got.CreatedOn).toBeInstanceOf(Date);

    const newRules = 'Rules = [ IsComplete "student_id" ]';
    expect(
      await glue.send(new UpdateDataQualityRulesetCommand({ Name: 'students-dq', Ruleset: newRules })),
    ).toMatchObject({ Name: 'students-dq', Ruleset: newRules, Description: 'students' });

    await glue.send(new CreateDataQualityRulesetCommand({ Name: 'other-dq', Ruleset: rules }));
    const all = (await glue.send(new ListDataQualityRulesetsCommand({}))).Rulesets ?? [];
    expect(all.map((r) => [r.Name, r.RuleCount])).toEqual([
      ['other-dq', 2],
      ['students-dq', 1],
    ]);
    const filtered = await glue.send(
      new ListDataQualityRulesetsCommand({ Filter: { TargetTable: targetTable } }),
    );
    expect(filtered.Rulesets?.map((r) => r.Name)).toEqual(['students-dq']);
    const tagged = await glue.send(new ListDataQualityRulesetsCommand({ Tags: { team: 'data' } }));
    expect(tagged.Rulesets?.map((r) => r.Name)).toEqual(['students-dq']);

    await glue.send(new DeleteDataQualityRulesetCommand({ Name: 'other-dq' }));
    expect(await errorName(glue.send(new GetDataQualityRulesetCommand({ Name: 'other-dq' })))).toBe(
      'EntityNotFoundException',
    );
  });

  it('refuses DQDL that does not parse, and a name taken', async () => {
    expect(
      await errorName(
        glue.send(new CreateDataQualityRulesetCommand({ Name: 'bad', Ruleset: 'Rules = [ IsComplete ' })),
      ),
    ).toBe('InvalidInputException');
    expect(
      await errorName(
        glue.send(new CreateDataQualityRulesetCommand({ Name: 'students-dq', Ruleset: rules })),
      ),
    ).toBe('AlreadyExistsException');
  });
});

describe('tags', () => {
  it('are read, added and removed on crawlers, jobs and rulesets, starting from the Create tags', async () => {
    for (const [type, name] of [
      ['crawler', 'raw'],
      ['job', 'students'],
      ['dataQualityRuleset', 'students-dq'],
    ] as const) {
      const ResourceArn = arn(type, name);
      expect((await glue.send(new GetTagsCommand({ ResourceArn }))).Tags).toEqual({ team: 'data' });
      await glue.send(new TagResourceCommand({ ResourceArn, TagsToAdd: { stage: 'dev', team: 'lake' } }));
      expect((await glue.send(new GetTagsCommand({ ResourceArn }))).Tags).toEqual({
        team: 'lake',
        stage: 'dev',
      });
      await glue.send(new UntagResourceCommand({ ResourceArn, TagsToRemove: ['team'] }));
      expect((await glue.send(new GetTagsCommand({ ResourceArn }))).Tags).toEqual({ stage: 'dev' });
    }
    expect((await glue.send(new ListJobsCommand({ Tags: { stage: 'dev' } }))).JobNames).toEqual(['students']);
  });

  it('name a resource that exists, of a type the endpoint tags', async () => {
    expect(await errorName(glue.send(new GetTagsCommand({ ResourceArn: arn('job', 'missing') })))).toBe(
      'EntityNotFoundException',
    );
    expect(await errorName(glue.send(new GetTagsCommand({ ResourceArn: arn('workflow', 'w') })))).toBe(
      'InvalidInputException',
    );
  });
});

describe('the protocol', () => {
  it('answers an operation it does not serve, and a missing member, in the JSON error shape', async () => {
    expect(await errorName(glue.send(new GetWorkflowCommand({ Name: 'w' })))).toBe(
      'UnknownOperationException',
    );
    expect(await errorName(glue.send(new GetCrawlerCommand({} as never)))).toBe('InvalidInputException');
  });

  it('writes the error code and message the SDK reads', async () => {
    const response = await fetch(world.endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSGlue.GetJob',
        authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/${REGION}/glue/aws4_request, SignedHeaders=host, Signature=x`,
      },
      body: JSON.stringify({ JobName: 'missing' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({
      __type: 'EntityNotFoundException',
      message: 'Job with name missing not found',
    });
  });
});
