/**
 * Plans over partitioned processed data on DuckDB, the test playing the engine's part
 * (duckdb-engine.ts): a gold job over the enrollments output, its term in `term=…/` folders (a
 * term that looks like a number stays text, a NULL term is `__HIVE_DEFAULT_PARTITION__`); a job
 * over that job's output, its date in `enrollment_date=…/` folders; and the CSV copy of the
 * output, values that CSV makes hard read back by PostgreSQL's COPY as the rows written.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePipeline } from '../../core/index.js';
import { jobPlan } from '../../glue-scripts/index.js';
import { csvRowsInPostgres } from '../fixtures/csv-export-readback.js';
import { dailyEnrollmentsJob, enrollmentDaysJob, planWithExport } from '../fixtures/enrollment-gold-jobs.js';
import { duckString } from '../local/engines/duckdb-quoting.js';
import { rows, runPlan, writeExport } from './duckdb-engine.js';
import { deps, pipeline as flagship, LOCAL_STAGE } from './fixtures.js';

const enrollments = flagship.jobs.find((j) => j.name === 'enrollments')!;
const days = enrollmentDaysJob(enrollments.output);
const daily = dailyEnrollmentsJob(days.output);
const pipeline = definePipeline({ ...flagship, tasks: [...flagship.tasks, days, daily] });

/** Notes that CSV makes hard: delimiters, quotes, line breaks, blanks, backslashes, unicode, '' against NULL. */
const NOTES = [
  'plain',
  'a, b',
  'say "hi"',
  '"',
  'line one\nline two',
  'carriage\r\nreturn',
  '',
  null,
  '  leading and trailing  ',
  'back\\slash \\" and \\N',
  '\\.',
  'Chloé ☃ 漢字 🙂',
  'NULL',
];

const ENROLLMENTS = NOTES.map((notes, i) => ({
  id: `E${String(i + 1).padStart(3, '0')}`,
  term: ['2024-FALL', '2025-SPRING', '2024'][i % 3]!,
  date: `2024-0${(i % 3) + 1}-1${i % 2}`,
  marks: ['0.00', '100.00', '0.05', '49.99', null][i % 5] ?? null,
  updated: ['2024-01-31 12:00:00', '2024-02-29 23:59:59.123456', '2024-03-01 00:00:00.5'][i % 3]!,
  notes,
}));

const lit = (v: string | null, type = 'VARCHAR'): string =>
  v === null ? `NULL::${type}` : `${duckString(v)}::${type}`;

describe('plans over partitioned processed data, and the CSV copy of the output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-processed-'));
  const daysPlan = planWithExport(jobPlan(pipeline, LOCAL_STAGE, days, deps));
  const dailyPlan = jobPlan(pipeline, LOCAL_STAGE, daily, deps);
  let conn: DuckDBConnection;
  let kept: Record<string, unknown>[];

  beforeAll(async () => {
    conn = await (await DuckDBInstance.create(':memory:')).connect();
    await conn.run("SET TimeZone = 'UTC'");
    // The enrollments output as the engines write it: partitioned by term, the term only in the folder names.
    const values = ENROLLMENTS.map(
      (e) =>
        `(${lit(e.id)}, 'S1', 'C1', 'I1', ${lit(e.date, 'DATE')}, ${lit(e.term)}, ${lit(e.marks, 'DECIMAL(5,2)')}, 90.00::DECIMAL(5,2), 'active', ${lit(e.notes)}, ${lit(e.updated, 'TIMESTAMP')})`,
    );
    const columns = enrollments.output.columns.map((c) => c.name);
    await conn.run(
      `COPY (SELECT * FROM (VALUES ${values.join(', ')}, ('E999', 'S1', 'C1', 'I1', DATE '2024-01-10', NULL, 1.00, 2.00, 'active', 'no term', TIMESTAMP '2024-01-10 00:00:00')) AS t(${columns.join(', ')}))
       TO ${duckString(join(dir, 'enrollments'))} (FORMAT parquet, PARTITION_BY (term))`,
    );
    await runPlan(conn, daysPlan, {
      file: join(dir, 'enrollments'),
      references: {},
      rowRules: { 'IsComplete "term"': 'term IS NOT NULL' },
    });
    kept = await rows(conn, `${daysPlan.split.kept.duckdb} ORDER BY enrollment_id`);
  });
  afterAll(() => {
    conn.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads each term from its folder as text, as declared, and a NULL one as NULL', async () => {
    expect(daysPlan.input.partitionBy).toEqual(['term']);
    expect(kept.map((r) => [r.enrollment_id, r.term])).toEqual(ENROLLMENTS.map((e) => [e.id, e.term]));
    const [counts] = await rows(conn, daysPlan.split.counts.duckdb);
    expect(counts).toMatchObject({ input_rows: String(ENROLLMENTS.length + 1), quarantined_rows: '1' });
  });

  it('reads a date partition back as a DATE', async () => {
    await conn.run(
      `COPY (${daysPlan.split.kept.duckdb}) TO ${duckString(join(dir, 'enrollment_days'))} (FORMAT parquet, PARTITION_BY (enrollment_date))`,
    );
    const second = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      expect(dailyPlan.input.partitionBy).toEqual(['enrollment_date']);
      await runPlan(second, dailyPlan, { file: join(dir, 'enrollment_days'), references: {}, rowRules: {} });
      const [types] = await rows(second, `SELECT typeof(enrollment_date) AS t FROM input LIMIT 1`);
      expect(types).toEqual({ t: 'DATE' });
      const groups = await rows(
        second,
        `SELECT enrollment_date::VARCHAR AS d, term, enrollments FROM (${dailyPlan.split.kept.duckdb}) ORDER BY 1, 2`,
      );
      const expected = new Map<string, number>();
      for (const e of ENROLLMENTS)
        expected.set(`${e.date}|${e.term}`, (expected.get(`${e.date}|${e.term}`) ?? 0) + 1);
      expect(groups.map((g) => [`${g.d}|${g.term}`, Number(g.enrollments)])).toEqual(
        [...expected].sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    } finally {
      second.closeSync();
    }
  });

  it("writes a CSV copy that PostgreSQL's COPY reads back to the same values", async () => {
    const file = join(dir, 'export', 'part-00000.csv');
    await conn.run(`CREATE OR REPLACE TABLE written AS ${daysPlan.split.kept.duckdb}`);
    mkdirSync(join(dir, 'export'));
    await writeExport(conn, daysPlan, file);
    const columns = daysPlan.output.columns;
    const fromCsv = await csvRowsInPostgres([file], columns, daysPlan.output.export!.columns);
    const select = columns.map((c) => `CAST("${c.name}" AS VARCHAR) AS "${c.name}"`).join(', ');
    const written = await rows(conn, `SELECT ${select} FROM written`);
    const canonical = (r: Record<string, unknown>) =>
      JSON.stringify(
        columns.map((c) => {
          const v = r[c.name];
          if (v === null || v === undefined) return null;
          if (c.type.kind !== 'timestamp') return String(v);
          const [whole, fraction = ''] = String(v).split('.');
          return `${whole}.${fraction.padEnd(6, '0')}`;
        }),
      );
    expect(fromCsv).toEqual(written.map(canonical).sort());
    // The hard values themselves, as PostgreSQL has them.
    const notes = fromCsv.map(
      (r) => (JSON.parse(r) as (string | null)[])[columns.findIndex((c) => c.name === 'notes')],
    );
    expect(notes.sort()).toEqual([...NOTES].sort());
  });
});
