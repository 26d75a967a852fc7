/**
 * The Data API's contract, on PGlite: input validation and error names, the status progression a
 * poller sees, DescribeStatement's fields, GetStatementResult's typed records and paging, named
 * parameters, and cancelling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteWarehouse } from '../../../local/engines/index.js';
import { LocalRedshiftData, type StatementStatus } from '../../../local/redshift/index.js';
import { CONNECTION, LocalS3, scratch } from './fixtures.js';

const work = scratch('data-api');
let redshift: LocalRedshiftData;

beforeAll(async () => {
  const warehouse = await PgliteWarehouse.open();
  redshift = new LocalRedshiftData({ warehouse, s3: new LocalS3(`${work.dir}/s3`), pageSize: 2 });
  await redshift.waitFor(
    (
      await redshift.executeStatement({
        ...CONNECTION,
        Sql: 'CREATE TABLE t (id int PRIMARY KEY, name text)',
      })
    ).Id,
  );
});
afterAll(async () => {
  await redshift.close();
  work.remove();
});

const errorOf = async (call: () => Promise<unknown>): Promise<{ name: string; message: string }> => {
  try {
    await call();
  } catch (e) {
    const error = e as Error;
    return { name: error.name, message: error.message };
  }
  throw new Error('expected the call to fail');
};

describe('validation', () => {
  it.each([
    [
      'neither workgroup nor cluster',
      { Database: 'dev', Sql: 'SELECT 1' },
      /Either ClusterIdentifier or WorkgroupName/,
    ],
    [
      'both workgroup and cluster',
      { ...CONNECTION, ClusterIdentifier: 'c', Sql: 'SELECT 1' },
      /either ClusterIdentifier or WorkgroupName, not both/,
    ],
    ['no database', { WorkgroupName: 'wg', Sql: 'SELECT 1' }, /Database is required/],
    ['empty SQL', { ...CONNECTION, Sql: '  ' }, /Sql must not be empty/],
    ['SQL too long', { ...CONNECTION, Sql: `SELECT '${'x'.repeat(100_000)}'` }, /longer than 100000/],
    ['a session', { ...CONNECTION, Sql: 'SELECT 1', SessionKeepAliveSeconds: 60 }, /Sessions/],
    ['CSV results', { ...CONNECTION, Sql: 'SELECT 1', ResultFormat: 'CSV' }, /ResultFormat CSV/],
    [
      'a parameter without a value',
      { ...CONNECTION, Sql: 'SELECT :a, :b', Parameters: [{ name: 'a', value: '1' }] },
      /Parameter b is used/,
    ],
  ])('ExecuteStatement: %s is a ValidationException', async (_, input, message) => {
    const e = await errorOf(() => redshift.executeStatement(input as never));
    expect(e.name).toBe('ValidationException');
    expect(e.message).toMatch(message);
  });

  it.each([
    ['no statements', []],
    ['41 statements', Array.from({ length: 41 }, () => 'SELECT 1')],
    ['an empty statement', ['SELECT 1', '']],
  ])('BatchExecuteStatement: %s is a ValidationException', async (_, sqls) => {
    const e = await errorOf(() => redshift.batchExecuteStatement({ ...CONNECTION, Sqls: sqls }));
    expect(e.name).toBe('ValidationException');
  });

  it('an Id that is not one is a ValidationException; an unknown one ResourceNotFoundException', async () => {
    expect((await errorOf(() => redshift.describeStatement({ Id: 'nope' }))).name).toBe(
      'ValidationException',
    );
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await errorOf(() => redshift.describeStatement({ Id: unknown }))).name).toBe(
      'ResourceNotFoundException',
    );
    expect((await errorOf(() => redshift.getStatementResult({ Id: `${unknown}:1` }))).name).toBe(
      'ResourceNotFoundException',
    );
  });
});

describe('running statements', () => {
  it('reports SUBMITTED, PICKED, STARTED and FINISHED as the statement moves on', async () => {
    const { Id, CreatedAt } = await redshift.batchExecuteStatement({
      ...CONNECTION,
      Sqls: [
        "INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')",
        'SELECT id, name FROM t ORDER BY id',
      ],
      StatementName: 'progress',
    });
    expect(CreatedAt).toBeInstanceOf(Date);
    const seen: StatementStatus[] = [];
    for (;;) {
      const d = await redshift.describeStatement({ Id });
      if (seen.at(-1) !== d.Status) seen.push(d.Status);
      if (d.Status === 'FINISHED' || d.Status === 'FAILED') break;
      await redshift.waitForProgress(Id, 1000);
    }
    expect(seen).toEqual(['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED']);

    const d = await redshift.describeStatement({ Id });
    expect(d).toMatchObject({ Id, WorkgroupName: 'lakeline-local', Database: 'dev', HasResultSet: true });
    expect(d.Duration).toBeGreaterThan(0);
    expect(d.SubStatements?.map((s) => [s.Id, s.Status, s.ResultRows, s.HasResultSet])).toEqual([
      [`${Id}:1`, 'FINISHED', 3, false],
      [`${Id}:2`, 'FINISHED', 3, true],
    ]);
    expect((await redshift.describeStatement({ Id: `${Id}:2` })).QueryString).toBe(
      'SELECT id, name FROM t ORDER BY id',
    );
  });

  it('pages GetStatementResult with NextToken, and refuses a batch Id or a statement without rows', async () => {
    const { Id } = await redshift.batchExecuteStatement({
      ...CONNECTION,
      Sqls: ['SELECT 1', 'SELECT id FROM t ORDER BY id'],
    });
    await redshift.waitFor(Id);
    const first = await redshift.getStatementResult({ Id: `${Id}:2` });
    expect(first.TotalNumRows).toBe(3);
    expect(first.Records).toEqual([[{ longValue: 1 }], [{ longValue: 2 }]]);
    const rest = await redshift.getStatementResult({ Id: `${Id}:2`, NextToken: first.NextToken! });
    expect(rest.Records).toEqual([[{ longValue: 3 }]]);
    expect(rest.NextToken).toBeUndefined();

    expect((await errorOf(() => redshift.getStatementResult({ Id }))).name).toBe('ValidationException');
    const ddl = await redshift.executeStatement({ ...CONNECTION, Sql: 'CREATE TABLE u (x int)' });
    const described = await redshift.waitFor(ddl.Id);
    expect(described).toMatchObject({ Status: 'FINISHED', HasResultSet: false, ResultRows: -1 });
    expect(await errorOf(() => redshift.getStatementResult({ Id: ddl.Id }))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Query does not have result. Please check query status with DescribeStatement.',
    });
  });

  it('returns each value as the Data API types it, with column metadata', async () => {
    const { Id } = await redshift.executeStatement({
      ...CONNECTION,
      Sql: `SELECT 1::int4 AS i, 2::int8 AS l, 1.5::float8 AS d, 12.50::numeric(5,2) AS n, true AS b,
              NULL::text AS z, 'x'::varchar AS s, DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05' AS ts,
              '\\x0102'::bytea AS bin`,
    });
    await redshift.waitFor(Id);
    const r = await redshift.getStatementResult({ Id });
    expect(r.Records).toEqual([
      [
        { longValue: 1 },
        { longValue: 2 },
        { doubleValue: 1.5 },
        { stringValue: '12.50' },
        { booleanValue: true },
        { isNull: true },
        { stringValue: 'x' },
        { stringValue: '2024-01-02' },
        { stringValue: '2024-01-02 03:04:05' },
        { blobValue: Buffer.from([1, 2]) },
      ],
    ]);
    expect(r.ColumnMetadata.map((c) => [c.name, c.typeName, c.isSigned])).toEqual([
      ['i', 'int4', true],
      ['l', 'int8', true],
      ['d', 'float8', true],
      ['n', 'numeric', true],
      ['b', 'bool', false],
      ['z', 'text', false],
      ['s', 'varchar', false],
      ['dt', 'date', false],
      ['ts', 'timestamp', false],
      ['bin', 'bytea', false],
    ]);
  });

  it('binds named parameters and echoes them', async () => {
    const { Id } = await redshift.executeStatement({
      ...CONNECTION,
      Sql: 'SELECT name FROM t WHERE id = :id OR name = :name ORDER BY id',
      Parameters: [
        { name: 'id', value: '1' },
        { name: 'name', value: 'three' },
      ],
    });
    const d = await redshift.waitFor(Id);
    expect(d.QueryParameters).toEqual([
      { name: 'id', value: '1' },
      { name: 'name', value: 'three' },
    ]);
    expect((await redshift.getStatementResult({ Id })).Records).toEqual([
      [{ stringValue: 'one' }],
      [{ stringValue: 'three' }],
    ]);
  });

  it('a statement PostgreSQL refuses FAILS with its error', async () => {
    const { Id } = await redshift.executeStatement({ ...CONNECTION, Sql: 'SELECT * FROM missing_table' });
    const d = await redshift.waitFor(Id);
    expect(d).toMatchObject({ Status: 'FAILED', Error: 'ERROR: relation "missing_table" does not exist' });
  });

  it('cancels a statement still queued: it never runs', async () => {
    const first = await redshift.executeStatement({ ...CONNECTION, Sql: 'SELECT pg_sleep(0.05)' });
    const second = await redshift.executeStatement({
      ...CONNECTION,
      Sql: "INSERT INTO t VALUES (9, 'nine')",
    });
    expect(await redshift.cancelStatement({ Id: second.Id })).toEqual({ Status: true });
    expect((await redshift.waitFor(second.Id)).Status).toBe('ABORTED');
    expect((await redshift.waitFor(first.Id)).Status).toBe('FINISHED');
    await redshift.idle();
    const count = await redshift.executeStatement({
      ...CONNECTION,
      Sql: 'SELECT count(*) FROM t WHERE id = 9',
    });
    await redshift.waitFor(count.Id);
    expect((await redshift.getStatementResult({ Id: count.Id })).Records).toEqual([[{ longValue: 0 }]]);
    expect((await errorOf(() => redshift.cancelStatement({ Id: first.Id }))).name).toBe(
      'ValidationException',
    );
  });
});
