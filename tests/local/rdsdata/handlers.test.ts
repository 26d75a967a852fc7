/**
 * The RDS Data API Tasks inside a state machine run by the simulator's executor, in the shape of
 * the PostgreSQL-on-Aurora load: beginTransaction → listObjectsV2 → a Map importing each CSV in
 * the transaction → the load's statement → commitTransaction, with a Catch that rolls back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteWarehouse } from '../../../local/engines/index.js';
import { createAslExecutor, type ExecutionResult, type JsonValue } from '../../../local/executor/index.js';
import { LocalRdsData } from '../../../local/rdsdata/index.js';
import { LocalRedshiftData } from '../../../local/redshift/index.js';
import { LocalS3 } from '../../../local/s3/local-s3.js';
import { resolverFor } from '../../../local/services/registry.js';
import { scratch } from '../redshift/fixtures.js';
import { CLUSTER } from './cluster.js';

const RDS = 'arn:aws:states:::aws-sdk:rdsdata';
const CONNECTION = {
  ResourceArn: CLUSTER.resourceArn,
  SecretArn: CLUSTER.secretArn,
  Database: CLUSTER.database,
};

const context = {
  executionArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:run-1',
  executionName: 'run-1',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm',
  stateMachineName: 'sm',
  startTime: '2026-01-01T00:00:00.000Z',
};

const rollback = { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Roll back' };

function definition(load: string): JsonValue {
  return {
    StartAt: 'Begin',
    States: {
      Begin: {
        Type: 'Task',
        Resource: `${RDS}:beginTransaction`,
        Parameters: CONNECTION,
        ResultSelector: { 'Id.$': '$.TransactionId' },
        ResultPath: '$.tx',
        Next: 'List files',
      },
      'List files': {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
        Parameters: { Bucket: 'processed', Prefix: 'invoices/' },
        ResultSelector: { 'Keys.$': '$.Contents[*].Key', 'Count.$': '$.KeyCount' },
        ResultPath: '$.files',
        Catch: [rollback],
        Next: 'Import each',
      },
      'Import each': {
        Type: 'Map',
        ItemsPath: '$.files.Keys',
        ItemSelector: { 'Key.$': '$$.Map.Item.Value', 'TransactionId.$': '$.tx.Id' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Import',
          States: {
            Import: {
              Type: 'Task',
              Resource: `${RDS}:executeStatement`,
              Parameters: {
                ...CONNECTION,
                'TransactionId.$': '$.TransactionId',
                'Sql.$':
                  "States.Format('SELECT aws_s3.table_import_from_s3(\\'staging.invoices\\', \\'id,customer,amount\\', \\'(FORMAT csv, HEADER true)\\', \\'processed\\', \\'{}\\', \\'us-east-1\\')', $.Key)",
              },
              ResultSelector: { 'Message.$': '$.Records[0][0].StringValue' },
              End: true,
            },
          },
        },
        ResultPath: '$.imports',
        Catch: [rollback],
        Next: 'Load',
      },
      Load: {
        Type: 'Task',
        Resource: `${RDS}:executeStatement`,
        Parameters: { ...CONNECTION, 'TransactionId.$': '$.tx.Id', Sql: load },
        ResultSelector: { 'Rows.$': '$.NumberOfRecordsUpdated' },
        ResultPath: '$.load',
        Catch: [rollback],
        Next: 'Commit',
      },
      Commit: {
        Type: 'Task',
        Resource: `${RDS}:commitTransaction`,
        Parameters: { ...CONNECTION, 'TransactionId.$': '$.tx.Id' },
        ResultPath: '$.commit',
        End: true,
      },
      'Roll back': {
        Type: 'Task',
        Resource: `${RDS}:rollbackTransaction`,
        Parameters: { ...CONNECTION, 'TransactionId.$': '$.tx.Id' },
        ResultPath: '$.rollback',
        // The failed statement has already ended the transaction on Aurora.
        Catch: [
          { ErrorEquals: ['RdsData.TransactionNotFoundException'], ResultPath: '$.rollback', Next: 'Failed' },
        ],
        Next: 'Failed',
      },
      Failed: { Type: 'Pass', End: true },
    },
  };
}

const work = scratch('rds-handlers');
const s3 = new LocalS3(`${work.dir}/s3`);
let rds: LocalRdsData;
let redshift: LocalRedshiftData;

beforeAll(async () => {
  const warehouse = await PgliteWarehouse.open();
  rds = new LocalRdsData({ warehouse, s3 });
  redshift = new LocalRedshiftData({ warehouse, s3 });
  await rds.executeStatement({
    ...CLUSTER,
    sql: 'CREATE SCHEMA staging; CREATE TABLE staging.invoices (id int, customer text, amount numeric); CREATE TABLE invoices (id int PRIMARY KEY, customer text, amount numeric)',
  });
  s3.put('processed', 'invoices/part-0.csv', 'id,customer,amount\n1,"Ada, L",10\n2,Bob,20\n');
  s3.put('processed', 'invoices/part-1.csv', 'id,customer,amount\n3,Eve,30\n');
});
afterAll(async () => {
  await rds.close();
  await redshift.close();
  work.remove();
});

const run = (load: string) =>
  createAslExecutor().run(
    definition(load),
    {},
    {
      resolve: resolverFor({
        s3,
        redshift,
        rdsData: rds,
        sns: undefined as never,
        crawlers: undefined as never,
        jobs: undefined as never,
        lambda: undefined as never,
      }),
      context,
    },
  );

function outputOf<T>(result: ExecutionResult): T {
  if (result.status !== 'SUCCEEDED') throw new Error(`the run failed: ${result.error}: ${result.cause}`);
  return result.output as unknown as T;
}

const rows = async (sql: string) => (await rds.executeStatement({ ...CLUSTER, sql })).records;

describe('RDS Data API Tasks in a state machine', () => {
  it('imports every listed file in one transaction, loads, and commits', async () => {
    const output = outputOf<Record<string, JsonValue>>(
      await run('INSERT INTO invoices SELECT id, customer, amount FROM staging.invoices'),
    );
    expect(output.files).toEqual({ Keys: ['invoices/part-0.csv', 'invoices/part-1.csv'], Count: 2 });
    expect(output.imports).toEqual([
      {
        Message: '2 rows imported into relation "staging.invoices" from file invoices/part-0.csv of 42 bytes',
      },
      {
        Message: '1 rows imported into relation "staging.invoices" from file invoices/part-1.csv of 28 bytes',
      },
    ]);
    expect(output.load).toEqual({ Rows: 3 });
    expect(output.commit).toEqual({ TransactionStatus: 'Transaction Committed' });
    expect(await rows('SELECT count(*) FROM invoices')).toEqual([[{ longValue: 3 }]]);
  });

  it('rolls back on failure: nothing of the run is left, and the error names RdsData', async () => {
    await rds.executeStatement({ ...CLUSTER, sql: 'TRUNCATE staging.invoices' });
    const output = outputOf<{ error: { Error: string; Cause: string }; rollback: JsonValue }>(
      await run('INSERT INTO invoices SELECT id, customer, amount FROM staging.invoices'),
    );
    expect(output.error.Error).toBe('RdsData.DatabaseErrorException');
    expect(output.error.Cause).toMatch(
      /^ERROR: duplicate key value violates unique constraint "invoices_pkey"/,
    );
    expect(output.rollback).toMatchObject({ Error: 'RdsData.TransactionNotFoundException' });
    expect(await rows('SELECT count(*) FROM staging.invoices')).toEqual([[{ longValue: 0 }]]);
    expect(rds.openTransactions()).toEqual([]);
  });

  it('rolls back an open transaction when a later state fails outside the database', async () => {
    await rds.executeStatement({ ...CLUSTER, sql: 'TRUNCATE staging.invoices, invoices' });
    s3.put('processed', 'invoices/part-2.csv', 'id,customer,amount\n4,Zed,oops\n');
    const output = outputOf<{ error: { Error: string }; rollback: JsonValue }>(await run('SELECT 1'));
    expect(output.error.Error).toBe('RdsData.DatabaseErrorException');
    expect(await rows('SELECT count(*) FROM staging.invoices')).toEqual([[{ longValue: 0 }]]);
  });

  it('serves listObjectsV2 pages with continuation tokens', async () => {
    const list = resolverFor({
      s3,
      redshift,
      sns: undefined as never,
      crawlers: undefined as never,
      jobs: undefined as never,
      lambda: undefined as never,
    })('arn:aws:states:::aws-sdk:s3:listObjectsV2')!;
    const invocation = { stateName: 'List', resource: '', attempt: 1, context };
    const first = (await list(
      { Bucket: 'processed', Prefix: 'invoices/', MaxKeys: 2 },
      invocation,
    )) as Record<string, JsonValue>;
    expect(first).toMatchObject({ IsTruncated: true, KeyCount: 2, MaxKeys: 2, Name: 'processed' });
    expect((first.Contents as { Key: string; ETag: string; Size: number }[])[0]).toMatchObject({
      Key: 'invoices/part-0.csv',
      Size: 42,
      ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    });
    const second = (await list(
      { Bucket: 'processed', Prefix: 'invoices/', ContinuationToken: first.NextContinuationToken ?? null },
      invocation,
    )) as Record<string, JsonValue>;
    expect(second).toMatchObject({
      IsTruncated: false,
      KeyCount: 1,
      Contents: [{ Key: 'invoices/part-2.csv' }],
    });
    await expect(list({ Bucket: 'nowhere' }, invocation)).rejects.toMatchObject({
      name: 'S3.NoSuchBucketException',
    });
  });
});
