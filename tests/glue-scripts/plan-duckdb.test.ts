/**
 * Runs the flagship plans' DuckDB SQL on DuckDB over small hand-made inputs with bad values, the
 * test playing the engine's part (duckdb-engine.ts), and checks the kept/rejected split.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobPlan, PII_PATTERNS } from '../../glue-scripts/index.js';
import { rows, runPlan } from './duckdb-engine.js';
import { deps, jobNamed, LOCAL_STAGE, pipeline } from './fixtures.js';

const HEADER =
  'enrollment_id,student_id,course_id,instructor_id,enrollment_date,term,marks,attendance_pct,status,notes,updated_at';
const LINES = [
  'E1,S1,C1,I1,2024-01-15,2024s,88.5,95,Active,Contact jane.doe@example.com or 555-123-4567,2024-01-15T10:00:00',
  'E2,S2,C1,I1,2024-01-16,2024S,70,80,completed,,2024-01-16T09:00:00',
  'E2,S2,C1,I1,2024-01-16,2024S,75,85,completed,SSN 123-45-6789 on file,2024-02-01T09:00:00',
  ' e3 ,S1,C2,I1,2024-13-45,2024F,90,90,active,,2024-03-01T00:00:00',
  'E4,S2,C2,I2,2024-02-01,2024F,abc,90,active,,2024-02-01T00:00:00',
  'E5,S999,C1,I1,2024-02-02,2024F,60,70,dropped,,2024-02-02T00:00:00',
  'E6,S1,C1,I2,2024-02-03,2024F,150,90,active,,2024-02-03T00:00:00',
  'E7,S2,C2,I2,2024-02-04,2024F,65,75,withdrawn,"card 4111 1111 1111 1111, paid",2024-02-04T00:00:00',
  'E8,S1,C1',
  'E9,S1,C2,I1,,2024F,80,85,active,,2024-02-05T00:00:00',
  'E10,S1,C1,I1,2024-01-01,2024S,55,60,active,,2024-01-01T00:00:00',
  'E10,S1,C1,I1,2024-01-01,2024S,x,60,active,,2024-03-01T00:00:00',
  'E11,S2,C9,I1,2024-02-06,2024F,70,x,unknown,,2024-02-06T00:00:00',
];

/** The stand-in DQ evaluator: a pass predicate per row-rule text. */
const ROW_RULES: Record<string, string> = {
  'IsComplete "enrollment_date"': 'enrollment_date IS NOT NULL',
  '(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)': 'marks IS NULL OR marks BETWEEN 0 AND 100',
  '(ColumnValues "attendance_pct" >= 0) and (ColumnValues "attendance_pct" <= 100)':
    'attendance_pct IS NULL OR attendance_pct BETWEEN 0 AND 100',
  'ColumnValues "status" in ["active", "completed", "dropped", "withdrawn"]':
    "status IS NULL OR status IN ('active', 'completed', 'dropped', 'withdrawn')",
};

describe('the enrollments plan on DuckDB', () => {
  const plan = jobPlan(pipeline, LOCAL_STAGE, jobNamed('enrollments'), deps);
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-plan-'));
  let conn: DuckDBConnection;
  let findings: Record<string, number>;
  let kept: Record<string, unknown>[];
  let rejected: Map<string, Record<string, unknown>>;
  let malformed: Record<string, unknown>[];

  beforeAll(async () => {
    const file = join(dir, 'enrollments.csv');
    writeFileSync(file, `${[HEADER, ...LINES].join('\n')}\n`);
    conn = await (await DuckDBInstance.create(':memory:')).connect();
    findings = await runPlan(conn, plan, {
      file,
      references: { students: ['S1', 'S2'], courses: ['C1', 'C2'], instructors: ['I1', 'I2'] },
      rowRules: ROW_RULES,
    });
    kept = await rows(conn, `${plan.split.kept.duckdb} ORDER BY enrollment_id`);
    const all = await rows(conn, plan.split.rejected.duckdb);
    rejected = new Map(
      all.filter((r) => r.enrollment_id !== null).map((r) => [`${r.enrollment_id}/${r.updated_at}`, r]),
    );
    malformed = all.filter((r) => r._lakeline_raw !== null);
  });
  afterAll(() => {
    conn.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accounts for every input row: kept + quarantined + duplicates', async () => {
    const [counts] = await rows(conn, plan.split.counts.duckdb);
    expect(counts).toEqual({
      input_rows: '13',
      output_rows: '4',
      quarantined_rows: '8',
      duplicate_rows: '1',
    });
  });

  it('keeps the valid rows, cleaned and converted, the latest version of each id', () => {
    expect(
      kept.map((r) => [r.enrollment_id, r.term, r.status, r.marks, r.enrollment_date, r.updated_at]),
    ).toEqual([
      ['E1', '2024S', 'active', '88.50', '2024-01-15', '2024-01-15 10:00:00'],
      // The newer E10 did not convert; the valid older version is kept, not dropped as a duplicate.
      ['E10', '2024S', 'active', '55.00', '2024-01-01', '2024-01-01 00:00:00'],
      // The older E2 (updated 2024-01-16) is the duplicate.
      ['E2', '2024S', 'completed', '75.00', '2024-01-16', '2024-02-01 09:00:00'],
      ['E7', '2024F', 'withdrawn', '65.00', '2024-02-04', '2024-02-04 00:00:00'],
    ]);
  });

  it('redacts personal data in free text, in kept and quarantined rows alike', () => {
    expect(Object.fromEntries(kept.map((r) => [r.enrollment_id, r.notes]))).toEqual({
      E1: 'Contact ******* or *******',
      E10: null,
      E2: 'SSN ******* on file',
      E7: 'card *******, paid',
    });
    for (const r of [...kept, ...rejected.values()]) {
      for (const pattern of Object.values(PII_PATTERNS)) {
        if (typeof r.notes === 'string') expect(r.notes).not.toMatch(new RegExp(pattern));
      }
    }
  });

  it('counts the personal data it found, per entity', () => {
    expect(findings).toEqual({ EMAIL: 1, CREDIT_CARD: 1, USA_SSN: 1, PHONE_NUMBER: 1 });
  });

  it.each([
    {
      row: 'E3/2024-03-01 00:00:00',
      reasons: 'cast:enrollment_date',
      source: { enrollment_date: '2024-13-45' },
    },
    { row: 'E4/2024-02-01 00:00:00', reasons: 'cast:marks', source: { marks: 'abc' } },
    { row: 'E10/2024-03-01 00:00:00', reasons: 'cast:marks', source: { marks: 'x' } },
    { row: 'E5/2024-02-02 00:00:00', reasons: 'orphan:student_id', source: { student_id: 'S999' } },
    {
      row: 'E11/2024-02-06 00:00:00',
      reasons: 'cast:attendance_pct;orphan:course_id',
      source: { attendance_pct: 'x', course_id: 'C9' },
    },
  ])('quarantines $row for $reasons, with the input values that explain it', ({ row, reasons, source }) => {
    const r = rejected.get(row);
    expect(r).toBeDefined();
    expect(r!._lakeline_reasons).toBe(reasons);
    expect(r!._lakeline_failed_rules).toBeNull();
    for (const [column, value] of Object.entries(source))
      expect(r![`_lakeline_source_${column}`]).toBe(value);
  });

  it('quarantines rows failing row-level rules with the names of the rules they failed', () => {
    expect(rejected.get('E6/2024-02-03 00:00:00')).toMatchObject({
      _lakeline_reasons: 'dq:enrollments',
      _lakeline_failed_rules: ['(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)'],
      marks: '150.00',
    });
    expect(rejected.get('E9/2024-02-05 00:00:00')).toMatchObject({
      _lakeline_reasons: 'dq:enrollments',
      _lakeline_failed_rules: ['IsComplete "enrollment_date"'],
    });
  });

  it('quarantines a line that does not parse, with its raw text', () => {
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatchObject({ _lakeline_raw: 'E8,S1,C1', _lakeline_reasons: 'malformed' });
  });

  it('never copies free text with personal data into the quarantined input values', () => {
    for (const r of rejected.values()) expect(Object.keys(r)).not.toContain('_lakeline_source_notes');
  });

  it('hands the dataset rules exactly the kept rows', async () => {
    const judged = await rows(conn, `${plan.quality!.datasetInput.duckdb} ORDER BY enrollment_id`);
    expect(judged).toEqual(kept);
  });
});

describe('the students plan on DuckDB', () => {
  const plan = jobPlan(pipeline, LOCAL_STAGE, jobNamed('students'), deps);
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-plan-'));
  let conn: DuckDBConnection;
  let findings: Record<string, number>;
  let kept: Record<string, unknown>[];
  let rejected: Record<string, unknown>[];

  beforeAll(async () => {
    const file = join(dir, 'students.csv');
    const lines = [
      'student_id,first_name,last_name,email,phone,ssn,date_of_birth,country,enrolled_since',
      's1, ada ,LOVELACE,Ada.Lovelace@Example.com,555-123-4567,123-45-6789,1815-12-10,gb,2024-01-10',
      'S2,Alan,Turing,not-an-email,12,,1912-06-23,,2024-01-11',
      'S3,Grace,Hopper,grace@navy.mil,(555) 987-6543,987-65-4321,1906-13-09,US,2024-01-12',
      'S1,Ada,Lovelace,old@example.com,555-000-1111,111-22-3333,1815-12-10,GB,2023-01-01',
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    conn = await (await DuckDBInstance.create(':memory:')).connect();
    findings = await runPlan(conn, plan, {
      file,
      references: {},
      rowRules: {
        'IsComplete "student_id"': 'student_id IS NOT NULL',
        'IsComplete "country"': 'country IS NOT NULL',
      },
    });
    kept = await rows(conn, plan.split.kept.duckdb);
    rejected = await rows(conn, `${plan.split.rejected.duckdb} ORDER BY student_id`);
  });
  afterAll(() => {
    conn.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the latest version, names title-cased and joined, personal data treated per column', () => {
    expect(kept).toEqual([
      {
        student_id: 'S1',
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: createHash('sha256').update('ada.lovelace@example.com').digest('hex'),
        phone: '********4567',
        ssn: '*******',
        date_of_birth: '1815-12-10',
        country: 'GB',
        enrolled_since: '2024-01-10',
        full_name: 'Ada Lovelace',
      },
    ]);
  });

  it('treats every value of a PII column, even one that does not look like the entity', () => {
    const alan = rejected.find((r) => r.student_id === 'S2')!;
    expect(alan).toMatchObject({
      _lakeline_reasons: 'dq:students',
      _lakeline_failed_rules: ['IsComplete "country"'],
    });
    expect(alan.email).toBe(createHash('sha256').update('not-an-email').digest('hex'));
    // Too short to keep four characters and hide the rest: masked whole.
    expect(alan.phone).toBe('**');
    expect(alan.ssn).toBeNull();
  });

  it('quarantines a bad date without copying the personal data of the input', () => {
    const grace = rejected.find((r) => r.student_id === 'S3')!;
    expect(grace).toMatchObject({
      _lakeline_reasons: 'cast:date_of_birth',
      _lakeline_source_date_of_birth: '1906-13-09',
    });
    const values = JSON.stringify(rejected);
    for (const secret of ['grace@navy.mil', '987-65-4321', '987-6543', 'not-an-email'])
      expect(values).not.toContain(secret);
  });

  it('counts what looks like each entity, in every row it treated', () => {
    expect(findings).toEqual({ EMAIL: 3, USA_SSN: 3, PHONE_NUMBER: 3 });
  });

  it('accounts for every row', async () => {
    const [counts] = await rows(conn, plan.split.counts.duckdb);
    expect(counts).toEqual({ input_rows: '4', output_rows: '1', quarantined_rows: '2', duplicate_rows: '1' });
  });
});
