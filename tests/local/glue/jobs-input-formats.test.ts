/**
 * The readers: JSON lines (a line that is not a JSON object is a malformed row with its text)
 * through a job whose plan reads JSON; empty fields of CSV and Parquet columns (cast to their
 * declared types) at the engine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlt } from '../../../core/index.js';
import type { JobPlan } from '../../../glue-scripts/index.js';
import { DuckDb, parquetRelation, readCsvStrict, readParquetInto } from '../../../local/engines/index.js';
import { parseS3Uri } from '../../../local/s3/index.js';
import { duckString } from '../engines/duckdb-quoting.js';
import { type GlueWorld, glueWorld } from './glue-world.js';

let world: GlueWorld;
beforeAll(async () => {
  world = await glueWorld({ rows: 40, dirty: 0 });
});
afterAll(() => world?.close());

describe('a job reading JSON lines', () => {
  it('reads objects by field name and keeps a line that is not an object as malformed', async () => {
    // The courses plan, reading JSON: its SQL reads strings either way.
    const plan: JobPlan = {
      ...world.plans.courses,
      input: { ...world.plans.courses.input, format: 'json', csv: null },
    };
    const planUri = parseS3Uri(world.configs.courses.DefaultArguments['--plan_uri']!);
    world.s3.put(planUri.bucket, planUri.key, JSON.stringify(plan));
    const raw = parseS3Uri(plan.input.path);
    world.s3.deletePrefix(raw.bucket, raw.key);
    world.s3.put(
      raw.bucket,
      `${raw.key}courses.json`,
      [
        '{"course_id": "C0001", "course_name": "Algebra", "department": "Mathematics", "credits": 3, "level": "intro"}',
        '',
        '{"course_id": "C0002", "course_name": "Poetry", "department": "Literature", "credits": "4", "level": "advanced", "extra": true}',
        '{"course_id": "C0003", "course_name": broken',
        '[1, 2, 3]',
      ].join('\n'),
    );
    const run = await world.run('courses', { '--run_id': 'json' });
    expect(run.ErrorMessage).toBeUndefined();
    expect(run.JobRunState).toBe('SUCCEEDED');
    expect(world.jobs.runSummary({ JobName: run.JobName, RunId: run.Id })).toMatchObject({
      inputRows: 4,
      outputRows: 2,
      quarantinedRows: 2,
    });
    const glob = join(world.path(plan.output.path), '*.parquet');
    const rows = await world.query(
      `SELECT course_id, credits FROM read_parquet(${duckString(glob)}) ORDER BY 1`,
    );
    expect(rows).toEqual([
      { course_id: 'C0001', credits: 3 },
      { course_id: 'C0002', credits: 4 },
    ]);
    const q = join(world.path(plan.quarantine.path.replace('{run_id}', 'json')), '*.json');
    const records = await world.query(`SELECT reasons, raw FROM read_json(${duckString(q)}) ORDER BY raw`);
    expect(records).toEqual([
      { reasons: ['malformed'], raw: '[1, 2, 3]' },
      { reasons: ['malformed'], raw: '{"course_id": "C0003", "course_name": broken' },
    ]);
  });
});

describe('the CSV reader of the engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an empty field as NULL and a quoted empty field as empty text, as Spark does', async () => {
    const db = await DuckDb.open();
    try {
      const file = join(dir, 'q.csv');
      writeFileSync(file, 'a,b,c\n1,"",3\n2,,4\n');
      const dialect = { delimiter: ',', quote: '"', escape: '"' };
      await readCsvStrict(db, {
        into: 't',
        files: [file],
        columns: ['a', 'b', 'c'],
        rawColumn: 'r',
        dialect,
      });
      expect(await db.all('SELECT a, b FROM t ORDER BY a')).toEqual([
        { a: '1', b: '' },
        { a: '2', b: null },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('the Parquet reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-parquet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the declared columns by name, cast to their types, with no raw text', async () => {
    const db = await DuckDb.open();
    try {
      const file = join(dir, 'part.parquet');
      await db.run(
        `COPY (SELECT 'A1' AS id, '12.50' AS amount, 'x' AS ignored UNION ALL SELECT 'A2', NULL, 'y') TO ${duckString(file)} (FORMAT parquet)`,
      );
      const rows = await readParquetInto(db, {
        into: 't',
        files: [file],
        columns: [
          { name: 'amount', type: { kind: 'decimal', precision: 5, scale: 2 } },
          { name: 'id', type: { kind: 'string' } },
        ],
        rawColumn: '_raw',
      });
      expect(rows).toBe(2);
      expect(await db.all('SELECT * FROM t ORDER BY id')).toEqual([
        { amount: '12.50', id: 'A1', _raw: null },
        { amount: null, id: 'A2', _raw: null },
      ]);
    } finally {
      db.close();
    }
  });

  it('reads partition columns from Hive folders as text cast to their types, never guessed', async () => {
    const db = await DuckDb.open();
    try {
      const folder = join(dir, 'refs');
      await db.run(
        `COPY (SELECT * FROM (VALUES ('K1', '2024', DATE '2024-01-15'), ('K2', '00123', DATE '2024-01-16'), ('K3', NULL, NULL)) AS t(id, code, day))
         TO ${duckString(folder)} (FORMAT parquet, PARTITION_BY (code, day))`,
      );
      const columns = [
        { name: 'id', type: { kind: 'string' } as const },
        { name: 'code', type: { kind: 'string' } as const },
        { name: 'day', type: { kind: 'date' } as const },
      ];
      // As a reference view reads a partitioned output.
      const rows = await db.all(sqlt`SELECT * FROM (${parquetRelation(folder, columns, true)}) ORDER BY id`);
      expect(rows).toEqual([
        { id: 'K1', code: '2024', day: '2024-01-15' },
        { id: 'K2', code: '00123', day: '2024-01-16' },
        { id: 'K3', code: null, day: null },
      ]);
      expect(
        await db.all(sqlt`SELECT typeof(day) AS t FROM (${parquetRelation(folder, columns, true)}) LIMIT 1`),
      ).toEqual([{ t: 'DATE' }]);
    } finally {
      db.close();
    }
  });
});
