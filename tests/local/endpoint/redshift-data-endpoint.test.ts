import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  type DescribeStatementCommandOutput,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListDatabasesCommand,
  ListStatementsCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redshiftDataEndpoint } from '../../../local/endpoint/redshift-data-endpoint.js';
import { errorName, pollUntil, type SdkWorld, sdkWorld } from './sdk-world.js';

let world: SdkWorld;
let data: RedshiftDataClient;
const target = { WorkgroupName: 'lakeline', Database: 'dev' };

async function ended(Id: string): Promise<DescribeStatementCommandOutput> {
  return pollUntil(
    () => data.send(new DescribeStatementCommand({ Id })),
    (d) => d.Status === 'FINISHED' || d.Status === 'FAILED' || d.Status === 'ABORTED',
  );
}

beforeAll(async () => {
  world = await sdkWorld((cloud) => [redshiftDataEndpoint(cloud)]);
  data = new RedshiftDataClient(world.client);
});
afterAll(async () => {
  data?.destroy();
  await world?.close();
});

describe('statements', () => {
  it('run SELECT 1 and return its record', async () => {
    const submitted = await data.send(
      new ExecuteStatementCommand({ ...target, Sql: 'SELECT 1', StatementName: 'one' }),
    );
    expect(submitted).toMatchObject({ WorkgroupName: 'lakeline', Database: 'dev' });
    expect(submitted.CreatedAt).toBeInstanceOf(Date);
    const described = await ended(submitted.Id!);
    expect(described).toMatchObject({
      Status: 'FINISHED',
      HasResultSet: true,
      ResultRows: 1,
      QueryString: 'SELECT 1',
    });
    expect(described.UpdatedAt).toBeInstanceOf(Date);
    const result = await data.send(new GetStatementResultCommand({ Id: submitted.Id }));
    expect(result.Records).toEqual([[{ longValue: 1 }]]);
    expect(result.TotalNumRows).toBe(1);
    expect(result.ColumnMetadata?.[0]?.typeName).toBe('int4');
  });

  it('create, fill and read a table: a batch, then a query with parameters, typed fields and all', async () => {
    const batch = await data.send(
      new BatchExecuteStatementCommand({
        ...target,
        Sqls: [
          'CREATE TABLE students (id int, name varchar(40), active boolean, gpa numeric(3,2), photo bytea)',
          "INSERT INTO students VALUES (1, 'Ada', true, 3.90, '\\x0102'), (2, 'Bo', false, NULL, NULL)",
        ],
        StatementName: 'load-students',
      }),
    );
    const done = await ended(batch.Id!);
    expect(done.Status).toBe('FINISHED');
    expect(done.SubStatements?.map((s) => [s.Id, s.Status])).toEqual([
      [`${batch.Id}:1`, 'FINISHED'],
      [`${batch.Id}:2`, 'FINISHED'],
    ]);
    expect(done.SubStatements?.[1]?.ResultRows).toBe(2);
    expect(done.SubStatements?.[0]?.CreatedAt).toBeInstanceOf(Date);

    const query = await data.send(
      new ExecuteStatementCommand({
        ...target,
        Sql: 'SELECT id, name, active, gpa, photo FROM students WHERE id >= :min ORDER BY id',
        Parameters: [{ name: 'min', value: '1' }],
      }),
    );
    expect((await ended(query.Id!)).Status).toBe('FINISHED');
    const result = await data.send(new GetStatementResultCommand({ Id: query.Id }));
    expect(result.ColumnMetadata?.map((c) => c.name)).toEqual(['id', 'name', 'active', 'gpa', 'photo']);
    expect(result.Records).toEqual([
      [
        { longValue: 1 },
        { stringValue: 'Ada' },
        { booleanValue: true },
        { stringValue: '3.90' },
        { blobValue: new Uint8Array([1, 2]) },
      ],
      [{ longValue: 2 }, { stringValue: 'Bo' }, { booleanValue: false }, { isNull: true }, { isNull: true }],
    ]);

    // A batch's result is read per statement; the batch itself has none.
    expect(await errorName(data.send(new GetStatementResultCommand({ Id: batch.Id })))).toBe(
      'ValidationException',
    );
    expect(await errorName(data.send(new GetStatementResultCommand({ Id: `${batch.Id}:1` })))).toBe(
      'ResourceNotFoundException',
    );
  });

  it('report a failed statement with the database error', async () => {
    const failed = await data.send(
      new ExecuteStatementCommand({ ...target, Sql: 'SELECT * FROM no_such_table' }),
    );
    const described = await ended(failed.Id!);
    expect(described.Status).toBe('FAILED');
    expect(described.Error).toMatch(/^ERROR: .*no_such_table/);
  });

  it('are listed newest first, filtered by name prefix and status', async () => {
    const all = (await data.send(new ListStatementsCommand({}))).Statements ?? [];
    expect(all.length).toBe(4);
    expect(all.map((s) => s.IsBatchStatement)).toEqual([false, false, true, false]);
    expect(all[0]?.CreatedAt).toBeInstanceOf(Date);
    const named = (await data.send(new ListStatementsCommand({ StatementName: 'load' }))).Statements ?? [];
    expect(named.map((s) => [s.StatementName, s.QueryStrings?.length])).toEqual([['load-students', 2]]);
    const failed = (await data.send(new ListStatementsCommand({ Status: 'FAILED' }))).Statements ?? [];
    expect(failed.map((s) => s.QueryString)).toEqual(['SELECT * FROM no_such_table']);
    const page = await data.send(new ListStatementsCommand({ MaxResults: 3 }));
    expect(page.Statements?.length).toBe(3);
    const rest = await data.send(new ListStatementsCommand({ MaxResults: 3, NextToken: page.NextToken }));
    expect(rest.Statements?.map((s) => s.StatementName)).toEqual(['one']);
  });

  it('answer the errors the Data API answers', async () => {
    expect(
      await errorName(data.send(new ExecuteStatementCommand({ Database: 'dev', Sql: 'SELECT 1' }))),
    ).toBe('ValidationException');
    expect(
      await errorName(
        data.send(new DescribeStatementCommand({ Id: '00000000-0000-0000-0000-000000000000' })),
      ),
    ).toBe('ResourceNotFoundException');
    expect(await errorName(data.send(new DescribeStatementCommand({ Id: 'nope' })))).toBe(
      'ValidationException',
    );
    const finished = (await data.send(new ListStatementsCommand({ StatementName: 'one' }))).Statements?.[0]
      ?.Id;
    expect(await errorName(data.send(new CancelStatementCommand({ Id: finished })))).toBe(
      'ValidationException',
    );
    expect(await errorName(data.send(new ListDatabasesCommand({ ...target })))).toBe(
      'UnknownOperationException',
    );
  });
});
