/**
 * The local RDS Data API on PGlite and on a PostgreSQL server (skipped without one): statements
 * with and without transactions, parameters and type hints, result shapes, errors with the
 * database's message, the aws_s3 import stand-in, and the warehouse shared with the Redshift Data
 * API in turns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouseConnection, type WarehouseConnection } from '../../../local/engines/index.js';
import { type ExecuteStatementInput, LocalRdsData, MISSING_OBJECT } from '../../../local/rdsdata/index.js';
import { LocalRedshiftData } from '../../../local/redshift/index.js';
import { LocalS3 } from '../../../local/s3/local-s3.js';
import { scratch } from '../redshift/fixtures.js';
import { postgresUnavailable, startPostgresServer } from '../redshift/postgres-server.js';
import { CLUSTER } from './cluster.js';

interface Engine {
  readonly name: string;
  readonly skip?: string;
  start(): Promise<{ warehouse: string; stop: () => Promise<void> }>;
}

const unavailable = postgresUnavailable();
const engines: Engine[] = [
  { name: 'PGlite', start: async () => ({ warehouse: 'pglite', stop: async () => undefined }) },
  {
    name: 'PostgreSQL server',
    ...(unavailable === undefined ? {} : { skip: unavailable }),
    start: async () => {
      const { server, reason } = await startPostgresServer();
      if (server === undefined) throw new Error(reason);
      return { warehouse: server.url, stop: () => server.stop() };
    },
  },
];

const CSV = [
  'id,name,note,amount',
  '1,"Smith, Ada","line one',
  'line two",10.50',
  '2,Bob,,7',
  '3,"Eve ""E""","",0',
  '',
].join('\n');

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected a rejection');
}

describe.each(engines)('the RDS Data API on $name', (engine) => {
  const suite = engine.skip === undefined ? describe : describe.skip;
  suite('served locally', () => {
    const work = scratch('rdsdata');
    const s3 = new LocalS3(`${work.dir}/s3`);
    let warehouse: WarehouseConnection;
    let rds: LocalRdsData;
    let stop: () => Promise<void> = async () => undefined;

    const execute = (sql: string, more: Partial<ExecuteStatementInput> = {}) =>
      rds.executeStatement({ ...CLUSTER, sql, ...more });
    const count = async (table: string) => (await execute(`SELECT count(*) FROM ${table}`)).records?.[0]?.[0];

    beforeAll(async () => {
      const started = await engine.start();
      stop = started.stop;
      warehouse = await openWarehouseConnection({ warehouse: started.warehouse });
      rds = new LocalRdsData({ warehouse, s3, idleTimeoutMs: 200 });
      s3.put('landing', 'invoices/part-1.csv', Buffer.from(CSV));
      s3.put('landing', 'invoices/pipe.txt', Buffer.from('4|Zed|\\N|1.5\n'));
    });

    afterAll(async () => {
      await rds?.close();
      await warehouse?.close();
      await stop();
      work.remove();
    });

    describe('statements without a transaction', () => {
      it('autocommit, with records, metadata and the count of rows changed', async () => {
        await execute(
          'CREATE TABLE invoices (id int PRIMARY KEY, name text, note text, amount numeric(10,2), issued date, paid boolean)',
        );
        const inserted = await execute(
          'INSERT INTO invoices (id, name, amount, issued, paid) VALUES (:id, :name, :amount, :issued, :paid)',
          {
            parameters: [
              { name: 'id', value: { longValue: 100 } },
              { name: 'name', value: { stringValue: 'Ada' } },
              { name: 'amount', value: { stringValue: '12.30' }, typeHint: 'DECIMAL' },
              { name: 'issued', value: { stringValue: '2026-01-31' }, typeHint: 'DATE' },
              { name: 'paid', value: { booleanValue: true } },
            ],
          },
        );
        expect(inserted).toEqual({ numberOfRecordsUpdated: 1, generatedFields: [] });
        const selected = await execute('SELECT id, name, note, amount, issued, paid FROM invoices', {
          includeResultMetadata: true,
        });
        expect(selected.records).toEqual([
          [
            { longValue: 100 },
            { stringValue: 'Ada' },
            { isNull: true },
            { stringValue: '12.30' },
            { stringValue: '2026-01-31' },
            { booleanValue: true },
          ],
        ]);
        expect(selected.numberOfRecordsUpdated).toBe(0);
        expect(selected.columnMetadata?.map((c) => [c.name, c.typeName, c.type])).toEqual([
          ['id', 'int4', 4],
          ['name', 'text', 12],
          ['note', 'text', 12],
          ['amount', 'numeric', 2],
          ['issued', 'date', 91],
          ['paid', 'bool', -7],
        ]);
        expect((await execute('SELECT 1 AS one')).columnMetadata).toBeUndefined();
      });

      it('formats records as JSON when asked', async () => {
        const out = await execute('SELECT id, name, amount, note FROM invoices', { formatRecordsAs: 'JSON' });
        expect(out.records).toBeUndefined();
        expect(JSON.parse(out.formattedRecords!)).toEqual([
          { id: 100, name: 'Ada', amount: '12.30', note: null },
        ]);
      });

      it.each([
        ['a TIMESTAMP', 'TIMESTAMP', '2026-01-31 12:30:00', 'timestamp', '2026-01-31 12:30:00'],
        ['a TIME', 'TIME', '12:30:05', 'time', '12:30:05'],
        [
          'a UUID',
          'UUID',
          '0b7a5a8e-2c1f-4c53-9a61-6a1d4c9f0e11',
          'uuid',
          '0b7a5a8e-2c1f-4c53-9a61-6a1d4c9f0e11',
        ],
        ['JSON', 'JSON', '{"a": 1}', 'json', '{"a": 1}'],
      ] as const)('types %s typeHint as the hint says', async (_, hint, value, typeName, back) => {
        const out = await execute('SELECT :v AS v', {
          parameters: [{ name: 'v', value: { stringValue: value }, typeHint: hint }],
          includeResultMetadata: true,
        });
        expect(out.columnMetadata?.[0]?.typeName).toBe(typeName);
        expect(out.records).toEqual([[{ stringValue: back }]]);
      });

      it('sends values typed as the Data API does: a string is varchar without a typeHint', async () => {
        const out = await execute('SELECT :l AS l, :d AS d, :b AS b, :s AS s, :n AS n, :x AS x', {
          parameters: [
            { name: 'l', value: { longValue: 7 } },
            { name: 'd', value: { doubleValue: 1.5 } },
            { name: 'b', value: { booleanValue: false } },
            { name: 's', value: { stringValue: 'text' } },
            { name: 'n', value: { isNull: true } },
            { name: 'x', value: { blobValue: new Uint8Array([1, 2, 255]) } },
          ],
          includeResultMetadata: true,
        });
        expect(out.columnMetadata?.map((c) => c.typeName)).toEqual([
          'int8',
          'float8',
          'bool',
          'varchar',
          'text',
          'bytea',
        ]);
        expect(out.records).toEqual([
          [
            { longValue: 7 },
            { doubleValue: 1.5 },
            { booleanValue: false },
            { stringValue: 'text' },
            { isNull: true },
            { blobValue: Buffer.from([1, 2, 255]) },
          ],
        ]);
        const untyped = await rejection(
          execute('INSERT INTO invoices (id, issued) VALUES (1, :d)', {
            parameters: [{ name: 'd', value: { stringValue: '2026-01-31' } }],
          }),
        );
        expect(untyped.name).toBe('DatabaseErrorException');
        expect(untyped.message).toMatch(
          /^ERROR: column "issued" is of type date but expression is of type character varying/,
        );
      });

      it.each([
        [
          'a parameter the SQL uses and the call does not give',
          'SELECT :missing',
          [],
          /Parameter missing is used in the SQL but has no value/,
        ],
        [
          'two value members',
          'SELECT :a',
          [{ name: 'a', value: { stringValue: 'x', longValue: 1 } }],
          /exactly one value member/,
        ],
        [
          'a typeHint on a long',
          'SELECT :a',
          [{ name: 'a', value: { longValue: 1 }, typeHint: 'DATE' }],
          /applies to a stringValue/,
        ],
        [
          'a DATE of another form',
          'SELECT :a',
          [{ name: 'a', value: { stringValue: '31/01/2026' }, typeHint: 'DATE' }],
          /YYYY-MM-DD/,
        ],
        [
          'an array',
          'SELECT :a',
          [{ name: 'a', value: { arrayValue: { longValues: [1] } } }],
          /array parameters are not supported/,
        ],
      ])('refuses %s (BadRequestException)', async (_, sql, parameters, message) => {
        const e = await rejection(execute(sql, { parameters: parameters as never }));
        expect(e.name).toBe('BadRequestException');
        expect(e.message).toMatch(message);
      });

      it("answers an error of the SQL with DatabaseErrorException and the database's message", async () => {
        const e = await rejection(execute('SELECT * FROM nowhere'));
        expect(e).toEqual({
          name: 'DatabaseErrorException',
          message: expect.stringMatching(/^ERROR: relation "nowhere" does not exist\n {2}Position: 15$/),
        });
      });

      it('refuses a call without a cluster ARN or a secret', async () => {
        const e = await rejection(
          rds.executeStatement({ ...CLUSTER, resourceArn: 'invoicing', sql: 'SELECT 1' }),
        );
        expect(e.name).toBe('BadRequestException');
        expect(e.message).toMatch(/Aurora DB cluster ARN/);
        const s = await rejection(rds.executeStatement({ ...CLUSTER, secretArn: '', sql: 'SELECT 1' }));
        expect(s.message).toBe('secretArn is required');
      });

      it('runs a batch over parameter sets, all or nothing', async () => {
        const sql = 'INSERT INTO invoices (id, name) VALUES (:id, :name)';
        const set = (id: number, name: string) => [
          { name: 'id', value: { longValue: id } },
          { name: 'name', value: { stringValue: name } },
        ];
        const out = await rds.batchExecuteStatement({
          ...CLUSTER,
          sql,
          parameterSets: [set(201, 'a'), set(202, 'b')],
        });
        expect(out).toEqual({ updateResults: [{ generatedFields: [] }, { generatedFields: [] }] });
        const e = await rejection(
          rds.batchExecuteStatement({ ...CLUSTER, sql, parameterSets: [set(203, 'c'), set(201, 'dup')] }),
        );
        expect(e.name).toBe('DatabaseErrorException');
        expect(e.message).toMatch(/duplicate key value violates unique constraint/);
        expect(await count('invoices WHERE id > 200')).toEqual({ longValue: 2 });
      });
    });

    describe('transactions', () => {
      it('commits', async () => {
        const { transactionId } = await rds.beginTransaction(CLUSTER);
        await execute("INSERT INTO invoices (id, name) VALUES (300, 'tx')", { transactionId });
        expect(await rds.commitTransaction({ ...CLUSTER, transactionId })).toEqual({
          transactionStatus: 'Transaction Committed',
        });
        expect(await count('invoices WHERE id = 300')).toEqual({ longValue: 1 });
      });

      it('rolls back', async () => {
        const { transactionId } = await rds.beginTransaction(CLUSTER);
        await execute("INSERT INTO invoices (id, name) VALUES (301, 'tx')", { transactionId });
        expect(await rds.rollbackTransaction({ ...CLUSTER, transactionId })).toEqual({
          transactionStatus: 'Rollback Complete',
        });
        expect(await count('invoices WHERE id = 301')).toEqual({ longValue: 0 });
      });

      it('does not know a transaction that ended, or one never begun', async () => {
        const { transactionId } = await rds.beginTransaction(CLUSTER);
        await rds.commitTransaction({ ...CLUSTER, transactionId });
        for (const call of [
          () => execute('SELECT 1', { transactionId }),
          () => rds.commitTransaction({ ...CLUSTER, transactionId }),
          () => rds.rollbackTransaction({ ...CLUSTER, transactionId: 'never-begun' }),
        ]) {
          const e = await rejection(call());
          expect(e.name).toBe('TransactionNotFoundException');
          expect(e.message).toMatch(/^Transaction \S+ is not found$/);
        }
      });

      it('is rolled back by a statement that fails, and then not found', async () => {
        const { transactionId } = await rds.beginTransaction(CLUSTER);
        await execute("INSERT INTO invoices (id, name) VALUES (302, 'tx')", { transactionId });
        const e = await rejection(execute('SELECT 1/0', { transactionId }));
        expect(e).toEqual({ name: 'DatabaseErrorException', message: 'ERROR: division by zero' });
        expect((await rejection(rds.commitTransaction({ ...CLUSTER, transactionId }))).name).toBe(
          'TransactionNotFoundException',
        );
        expect(await count('invoices WHERE id = 302')).toEqual({ longValue: 0 });
      });

      it('is rolled back after the idle time without a call', async () => {
        const { transactionId } = await rds.beginTransaction(CLUSTER);
        await execute("INSERT INTO invoices (id, name) VALUES (303, 'idle')", { transactionId });
        // Calls within the idle time keep it open.
        await new Promise((r) => setTimeout(r, 120));
        await execute('SELECT 1', { transactionId });
        await new Promise((r) => setTimeout(r, 120));
        await execute('SELECT 1', { transactionId });
        expect(rds.openTransactions()).toContain(transactionId);
        await new Promise((r) => setTimeout(r, 400));
        expect(rds.openTransactions()).not.toContain(transactionId);
        expect((await rejection(execute('SELECT 1', { transactionId }))).name).toBe(
          'TransactionNotFoundException',
        );
        expect(await count('invoices WHERE id = 303')).toEqual({ longValue: 0 });
      });

      it("holds the warehouse: another caller's statement waits until it ends", async () => {
        const { transactionId } = await rds.beginTransaction(CLUSTER);
        await execute("INSERT INTO invoices (id, name) VALUES (304, 'held')", { transactionId });
        let seen: unknown;
        const other = count('invoices WHERE id = 304').then((n) => {
          seen = n;
        });
        await new Promise((r) => setTimeout(r, 50));
        expect(seen).toBeUndefined();
        await rds.commitTransaction({ ...CLUSTER, transactionId });
        await other;
        expect(seen).toEqual({ longValue: 1 });
      });

      it('shares the warehouse with the Redshift Data API: its job waits, PICKED, until the transaction ends', async () => {
        const redshift = new LocalRedshiftData({ warehouse, s3, ownsWarehouse: false });
        const { transactionId } = await rds.beginTransaction(CLUSTER);
        await execute("INSERT INTO invoices (id, name) VALUES (305, 'shared')", { transactionId });
        const { Id } = await redshift.executeStatement({
          WorkgroupName: 'w',
          Database: 'dev',
          Sql: 'SELECT count(*) FROM invoices WHERE id = 305',
        });
        await new Promise((r) => setTimeout(r, 50));
        expect((await redshift.describeStatement({ Id })).Status).toBe('PICKED');
        await rds.commitTransaction({ ...CLUSTER, transactionId });
        expect((await redshift.waitFor(Id)).Status).toBe('FINISHED');
        expect((await redshift.getStatementResult({ Id })).Records).toEqual([[{ longValue: 1 }]]);
        await redshift.close();
      });
    });

    describe('the aws_s3 import stand-in', () => {
      const importSql = (key: string, options = '(FORMAT csv, HEADER true)') =>
        `SELECT aws_s3.table_import_from_s3('public.staged', 'id,name,note,amount', '${options.replaceAll("'", "''")}', 'landing', '${key}', 'us-east-1')`;

      it('imports a CSV object with quotes, commas, newlines, NULL and empty strings', async () => {
        await execute('CREATE TABLE staged (id int, name text, note text, amount numeric)');
        const out = await execute(importSql('invoices/part-1.csv'), { includeResultMetadata: true });
        expect(out.records).toEqual([
          [
            {
              stringValue: `3 rows imported into relation "public.staged" from file invoices/part-1.csv of ${Buffer.byteLength(CSV)} bytes`,
            },
          ],
        ]);
        expect(out.columnMetadata?.map((c) => [c.name, c.typeName])).toEqual([
          ['table_import_from_s3', 'text'],
        ]);
        const rows = await execute('SELECT id, name, note, amount FROM staged ORDER BY id');
        expect(rows.records).toEqual([
          [
            { longValue: 1 },
            { stringValue: 'Smith, Ada' },
            { stringValue: 'line one\nline two' },
            { stringValue: '10.50' },
          ],
          [{ longValue: 2 }, { stringValue: 'Bob' }, { isNull: true }, { stringValue: '7' }],
          [{ longValue: 3 }, { stringValue: 'Eve "E"' }, { stringValue: '' }, { stringValue: '0' }],
        ]);
      });

      it('takes the create_s3_uri form, parameters, and the bare options form', async () => {
        const out = await execute(
          "SELECT aws_s3.table_import_from_s3(:table, '', :options, aws_commons.create_s3_uri(:bucket, :key, 'us-east-1'))",
          {
            parameters: [
              { name: 'table', value: { stringValue: 'staged' } },
              { name: 'options', value: { stringValue: "DELIMITER '|'" } },
              { name: 'bucket', value: { stringValue: 'landing' } },
              { name: 'key', value: { stringValue: 'invoices/pipe.txt' } },
            ],
          },
        );
        expect(out.records?.[0]?.[0]).toEqual({
          stringValue: '1 rows imported into relation "staged" from file invoices/pipe.txt of 13 bytes',
        });
        expect((await execute('SELECT name, note FROM staged WHERE id = 4')).records).toEqual([
          [{ stringValue: 'Zed' }, { isNull: true }],
        ]);
      });

      it('answers a missing object as the extension does', async () => {
        const e = await rejection(execute(importSql('invoices/none.csv')));
        expect(e).toEqual({ name: 'DatabaseErrorException', message: MISSING_OBJECT });
      });

      it.each([
        ['an option not on the list', '(FORMAT csv, FREEZE true)', /FREEZE is not served/],
        [
          'SQL after the options',
          '(FORMAT csv); DROP TABLE staged; --',
          /is not an option|options are separated/,
        ],
        ['a binary format', '(FORMAT binary)', /FORMAT binary/],
        ['a program', "(FORMAT csv) PROGRAM 'rm -rf /'", /PROGRAM|not an option/],
      ])('refuses %s in the options', async (_, options, message) => {
        const e = await rejection(execute(importSql('invoices/part-1.csv', options)));
        expect(e.name).toBe('BadRequestException');
        expect(e.message).toMatch(message);
        expect(await count('staged')).toEqual({ longValue: 4 });
      });

      it('refuses the function in any other statement, naming the forms served', async () => {
        const e = await rejection(
          execute(
            "SELECT count(*) FROM aws_s3.table_import_from_s3('staged', '', '(FORMAT csv)', 'landing', 'k', 'us-east-1')",
          ),
        );
        expect(e.name).toBe('BadRequestException');
        expect(e.message).toMatch(/served locally as SELECT aws_s3\.table_import_from_s3\('<table>'/);
      });

      it.each(['CREATE EXTENSION IF NOT EXISTS "aws_s3" CASCADE', 'create extension aws_commons'])(
        'takes %s as done: the extension is the simulator itself',
        async (sql) => {
          expect(await execute(sql)).toEqual({ numberOfRecordsUpdated: 0, generatedFields: [] });
          const e = await rejection(execute('CREATE EXTENSION IF NOT EXISTS "postgis"'));
          expect(e.name).toBe('DatabaseErrorException');
        },
      );

      it('imports inside a transaction, and a rollback leaves nothing imported', async () => {
        const { transactionId } = await rds.beginTransaction(CLUSTER);
        await execute(importSql('invoices/part-1.csv'), { transactionId });
        await rds.rollbackTransaction({ ...CLUSTER, transactionId });
        expect(await count('staged')).toEqual({ longValue: 4 });
      });

      it('fails a malformed file with the database error and imports none of it', async () => {
        s3.put('landing', 'invoices/bad.csv', Buffer.from('id,name,note,amount\n5,x,y,notanumber\n'));
        const e = await rejection(execute(importSql('invoices/bad.csv')));
        expect(e.name).toBe('DatabaseErrorException');
        expect(e.message).toMatch(/^ERROR: invalid input syntax for type numeric: "notanumber"/);
        expect(await count('staged')).toEqual({ longValue: 4 });
      });
    });
  });
});
