import { cpSync, renameSync, rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { beforeAll, describe, expect, it } from 'vitest';
import { workdirLayout } from '../../local/world.js';
import {
  makeWorld,
  plantedPii,
  processedRows,
  quarantineText,
  run,
  WAREHOUSE_TEXT,
  warehouseQuery,
} from './simulate-world.js';

const world = makeWorld(400, 0.15);

describe('simulate student-enrollment on dirty data (PGlite)', () => {
  let first: Awaited<ReturnType<typeof run>>;
  let record: (typeof first)['run'];
  beforeAll(async () => {
    first = await run(world);
    record = first.run;
  });

  it('succeeds and tells the success notification', () => {
    expect(record.error).toBeUndefined();
    expect(record.status).toBe('SUCCEEDED');
    expect(record.notifications).toHaveLength(1);
    expect(record.notifications[0]?.subject).toBe('lakeline student-enrollment (local): run succeeded');
    expect(record.notifications[0]?.message).toContain(
      `enrollments: ${world.sample.expected.enrollments.inputRows} rows in`,
    );
  });

  it.each(['students', 'courses', 'instructors', 'enrollments'] as const)(
    'accounts for every %s row: input = output + quarantined + duplicates, as planted',
    (dataset) => {
      const d = record.datasets[dataset]!;
      expect(d.inputRows).toBe(d.outputRows + d.quarantinedRows + d.duplicateRows);
      const expected = world.sample.expected[dataset];
      expect({
        inputRows: d.inputRows,
        outputRows: d.outputRows,
        quarantinedRows: d.quarantinedRows,
        duplicateRows: d.duplicateRows,
      }).toEqual(expected);
    },
  );

  it('reports the enrollments ruleset rule by rule, failing the rules the planted defects break', () => {
    const q = record.quality.find((x) => x.dataset === 'enrollments')!;
    const result = (rule: string) => q.rules.find((r) => r.rule === rule)?.result;
    expect(result('IsComplete "enrollment_date"')).toBe('FAIL');
    expect(result('(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)')).toBe('FAIL');
    expect(result('IsPrimaryKey "enrollment_id"')).toBe('PASS');
    expect(result('RowCount > 0')).toBe('PASS');
    expect(q.score).toBeGreaterThan(0);
    expect(q.score).toBeLessThan(1);
  });

  it('counts PII findings in the notes', () => {
    const findings = record.datasets.enrollments!.piiFindings;
    expect((findings.EMAIL ?? 0) + (findings.PHONE_NUMBER ?? 0) + (findings.USA_SSN ?? 0)).toBeGreaterThan(0);
    expect(record.datasets.students!.piiFindings.EMAIL).toBe(record.datasets.students!.inputRows);
  });

  it('leaves no email, phone or SSN of the input in processed Parquet or in the warehouse', async () => {
    const pii = plantedPii(world.input);
    expect(pii.length).toBeGreaterThan(100);
    const processed = (await processedRows(first.workdir)).join('\n');
    const warehouse = (await warehouseQuery(first.workdir, WAREHOUSE_TEXT)).map((r) => r.j).join('\n');
    expect(processed.length).toBeGreaterThan(10_000);
    expect(warehouse.length).toBeGreaterThan(10_000);
    expect(pii.filter((value) => processed.includes(value))).toEqual([]);
    expect(pii.filter((value) => warehouse.includes(value))).toEqual([]);
  });

  it('keeps PII out of quarantine too, including the raw text of lines that could not be parsed', () => {
    const quarantine = quarantineText(first.workdir);
    expect(quarantine).toContain('"malformed');
    expect(quarantine).toContain('*******');
    expect(plantedPii(world.input).filter((value) => quarantine.includes(value))).toEqual([]);
  });

  it('loads the warehouse with every written row', () => {
    expect(record.warehouse.tables).toEqual({
      'edu.course_dim': record.datasets.courses!.outputRows,
      'edu.enrollment_fact': record.datasets.enrollments!.outputRows,
      'edu.instructor_dim': record.datasets.instructors!.outputRows,
      'edu.student_dim': record.datasets.students!.outputRows,
    });
  });

  it('is idempotent: a rerun in the same workdir leaves the same counts and no duplicate facts', async () => {
    const again = await run(world, { workdir: first.workdir });
    expect(again.run.status).toBe('SUCCEEDED');
    expect(again.run.warehouse.tables).toEqual(record.warehouse.tables);
    expect(again.run.datasets.enrollments?.inputRows).toBe(0);
    const [dupes] = await warehouseQuery(
      first.workdir,
      'SELECT count(*) - count(DISTINCT enrollment_id) AS n FROM edu.enrollment_fact',
    );
    expect(Number(dupes?.n)).toBe(0);
  });

  it('the star is unlogged locally: a crash empties it, and the next run loads it whole again', async () => {
    // A copy of the data directory taken while PGlite has it open is what a crash leaves behind.
    const { warehouse } = workdirLayout(first.workdir);
    const open = await PGlite.create(warehouse);
    const crashed = `${warehouse}-crashed`;
    cpSync(warehouse, crashed, { recursive: true });
    await open.close();
    rmSync(warehouse, { recursive: true });
    renameSync(crashed, warehouse);
    const [emptied] = await warehouseQuery(
      first.workdir,
      'SELECT (SELECT count(*) FROM edu.enrollment_fact) + (SELECT count(*) FROM edu.student_dim) AS n',
    );
    expect(Number(emptied?.n)).toBe(0);

    const again = await run(world, { workdir: first.workdir });
    expect(again.run.status).toBe('SUCCEEDED');
    expect(again.run.datasets.enrollments?.inputRows).toBe(0);
    expect(again.run.warehouse.tables).toEqual(record.warehouse.tables);
  });
});

describe('faults', () => {
  const small = makeWorld(120, 0.05, 3);

  it('retries a throttled job and succeeds, showing the attempts', async () => {
    const { run: r } = await run(small, {
      faults: [{ state: 'Run job enrollments', error: 'Glue.ConcurrentRunsExceededException', times: 2 }],
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.states.find((s) => s.name === 'Run job enrollments')).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 3,
    });
  });

  it('takes the Catch path when retries run out: failure notification, nothing in the warehouse, FAILED', async () => {
    const result = await run(small, {
      faults: [
        { state: 'Start warehouse load', error: 'RedshiftData.ActiveStatementsExceededException', times: 99 },
      ],
    });
    const r = result.run;
    expect(r.status).toBe('FAILED');
    expect(r.error).toMatch(/RedshiftData.ActiveStatementsExceededException/);
    expect(r.notifications.map((n) => n.subject)).toEqual([
      'lakeline student-enrollment (local): run failed',
    ]);
    expect(r.notifications[0]?.message).toContain('RedshiftData.ActiveStatementsExceededException');
    expect(r.states.find((s) => s.name === 'Start warehouse load')?.status).toBe('FAILED');
    expect(Object.values(r.warehouse.tables).every((n) => n === 0)).toBe(true);
  });
});
