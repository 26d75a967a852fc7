/** `checkFiles`: rulesets evaluated on CSV, JSON and Parquet files read as Glue reads them. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactLayout } from '../../../core/index.js';
import { DuckDb } from '../../../local/engines/index.js';
import { checkFiles, QualityCheckError } from '../../../local/quality/index.js';
import { writeSample } from '../../../pipelines/student-enrollment/sample.js';
import { duckString } from '../engines/duckdb-quoting.js';

/** The golden tree of the flagship (tests/golden), synthesized for dev. */
const GOLDEN = join(import.meta.dirname, '../../golden/dev/student-enrollment');

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const rules = (...lines: string[]): string =>
  file(`r${Math.random().toString(36).slice(2)}.dqdl`, `Rules = [\n    ${lines.join(',\n    ')}\n]\n`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lakeline-quality-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkFiles', () => {
  it('reads a blank CSV field as an empty string in a string column and as NULL in others', async () => {
    const csv = file('blanks.csv', 'id,name,score\n1,ann,5\n2,,\n3,"",7\n');
    const report = await checkFiles(
      rules(
        'IsComplete "name"',
        'IsComplete "score"',
        'ColumnValues "name" in ["ann", EMPTY]',
        'ColumnLength "name" <= 3',
      ),
      [csv],
    );
    expect(report.rows).toBe(3);
    expect(report.rules.map((r) => [r.rule, r.result, r.failingRows])).toEqual([
      ['IsComplete "name"', 'PASS', 0],
      ['IsComplete "score"', 'FAIL', 1],
      ['ColumnValues "name" in ["ann", EMPTY]', 'PASS', 0],
      ['ColumnLength "name" <= 3', 'PASS', 0],
    ]);
    expect(report.score).toBe(0.75);
  });

  it('infers CSV types, so numbers and dates compare as such', async () => {
    const csv = file('typed.csv', 'id,marks,day\nA,9,2024-01-02\nB,10.5,2024-03-04\nC,100,2024-02-01\n');
    const report = await checkFiles(
      rules('ColumnValues "marks" > 9.5', 'Sum "marks" = 119.5', 'ColumnValues "day" > "2024-01-31"'),
      [csv],
    );
    expect(report.rules.map((r) => [r.result, r.failingRows ?? null, r.metrics])).toEqual([
      ['FAIL', 1, { 'Column.marks.Minimum': 9 }],
      ['PASS', null, { 'Column.marks.Sum': 119.5 }],
      ['FAIL', 1, { 'Column.day.ColumnValues.Compliance': 2 / 3 }],
    ]);
  });

  it('combines CSV, JSON lines, a JSON array and Parquet by column name', async () => {
    const csv = file('part1.csv', 'id,status\n1,active\n');
    const jsonl = file(
      'part2.jsonl',
      '{"id": 2, "status": "dropped"}\n{"id": 3, "status": null, "extra": true}\n',
    );
    const json = file('part3.json', '[{"status": "active", "id": 4}]');
    const parquet = join(dir, 'part4.parquet');
    const db = await DuckDb.open();
    await db.run(`COPY (SELECT 5 AS id, 'weird' AS status) TO ${duckString(parquet)} (FORMAT parquet)`);
    db.close();
    const report = await checkFiles(
      rules(
        'RowCount = 5',
        'IsPrimaryKey "id"',
        'ColumnValues "status" in ["active", "dropped"]',
        'ColumnCount = 3',
      ),
      [csv, jsonl, json, parquet],
    );
    expect(report.rules.map((r) => [r.result, r.failingRows ?? null])).toEqual([
      ['PASS', null],
      ['PASS', null],
      ['FAIL', 2],
      ['PASS', null],
    ]);
  });

  it('evaluates the synthesized enrollments ruleset of the flagship', async () => {
    const dqdl = join(GOLDEN, artifactLayout.rulesets.path('enrollments'));
    expect(readFileSync(dqdl, 'utf8')).toContain('IsPrimaryKey "enrollment_id"');
    const csv = file(
      'enrollments.csv',
      [
        'enrollment_id,enrollment_date,marks,attendance_pct,status,term',
        'E1,2024-01-10,55,90,active,2024-SPRING',
        'E2,2024-01-11,101,80,completed,2024-FALL',
        'E3,,70,100,dropped,2024-FALL',
        'E4,2024-01-12,0,-1,paused,2024-SPRING',
      ].join('\n'),
    );
    const report = await checkFiles(dqdl, [csv]);
    expect(report.rules.map((r) => [r.rule, r.result, r.failingRows ?? null])).toEqual([
      ['IsComplete "enrollment_date"', 'FAIL', 1],
      ['(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)', 'FAIL', 1],
      ['(ColumnValues "attendance_pct" >= 0) and (ColumnValues "attendance_pct" <= 100)', 'FAIL', 1],
      ['ColumnValues "status" in ["active", "completed", "dropped", "withdrawn"]', 'FAIL', 1],
      ['IsPrimaryKey "enrollment_id"', 'PASS', null],
      ['RowCount > 0', 'PASS', null],
      ['ColumnValues "term" matches "[0-9]{4}-(SPRING|FALL)" with threshold >= 0.99', 'PASS', 0],
    ]);
  });

  it('reads a CSV with broken lines as the job does: the header stays columns, broken lines are left out', async () => {
    const dqdl = join(GOLDEN, artifactLayout.rulesets.path('enrollments'));
    const csv = file(
      'dirty.csv',
      [
        'enrollment_id,enrollment_date,marks,attendance_pct,status,term',
        'E1,2024-01-10,55,90,active,2024-SPRING',
        'E2,2024-01-11,"7O.5,80,completed,2024-FALL',
        'E3,2024-01-12,70,100,dropped',
        'E4,2024-01-13,101,95,"completed, late",2024-FALL',
        'E5,2024-01-14,60,85,completed,2024-FALL',
      ].join('\n'),
    );
    const report = await checkFiles(dqdl, [csv]);
    expect({ rows: report.rows, malformedLines: report.malformedLines }).toEqual({
      rows: 3,
      malformedLines: 2,
    });
    expect(report.rules.map((r) => [r.rule, r.result, r.failingRows ?? null])).toEqual([
      ['IsComplete "enrollment_date"', 'PASS', 0],
      ['(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)', 'FAIL', 1],
      ['(ColumnValues "attendance_pct" >= 0) and (ColumnValues "attendance_pct" <= 100)', 'PASS', 0],
      ['ColumnValues "status" in ["active", "completed", "dropped", "withdrawn"]', 'FAIL', 1],
      ['IsPrimaryKey "enrollment_id"', 'PASS', null],
      ['RowCount > 0', 'PASS', null],
      ['ColumnValues "term" matches "[0-9]{4}-(SPRING|FALL)" with threshold >= 0.99', 'PASS', 0],
    ]);
  });

  it('reads the generated dirty sample with its header as columns: no rule errors', async () => {
    const dqdl = join(GOLDEN, artifactLayout.rulesets.path('enrollments'));
    const sample = writeSample({ out: join(dir, 'sample'), rows: 2000, seed: 42, dirty: 0.05 });
    const d = sample.defects.enrollments;
    const report = await checkFiles(dqdl, [sample.files.enrollments!]);
    expect(report.rules.filter((r) => r.result === 'ERROR')).toEqual([]);
    expect(report.malformedLines).toBe(d.wrong_column_count + d.unbalanced_quote);
    expect(report.rows + report.malformedLines).toBe(sample.expected.enrollments.inputRows);
  });

  it('says when a file looks otherwise delimited than the jobs read it', async () => {
    const csv = file('semi.csv', 'id;marks\nE1;55\n');
    const report = await checkFiles(rules('ColumnValues "marks" <= 100'), [csv]);
    expect(report.rules[0]!.result).toBe('ERROR');
    expect(report.notes).toEqual([
      `${csv}: its header is one column; the file looks ';'-delimited, and ',' is read, as the jobs read it`,
    ]);
  });

  it('leaves out a zero-byte file and names it; with nothing else, says there is nothing to check', async () => {
    const empty = file('empty.csv', '');
    const report = await checkFiles(rules('RowCount > 0'), [file('one.csv', 'a\n1\n'), empty]);
    expect({ rows: report.rows, emptyFiles: report.emptyFiles }).toEqual({ rows: 1, emptyFiles: [empty] });
    await expect(checkFiles(rules('RowCount > 0'), [empty])).rejects.toThrow(
      /^nothing to check: .*empty\.csv hold no data \(0 bytes\)$/,
    );
  });

  it.each([
    [
      'a missing data file',
      () => checkFiles(rules('RowCount > 0'), [join(dir, 'nope.csv')]),
      /^data file not found: .*nope\.csv$/,
    ],
    [
      'a missing ruleset',
      () => checkFiles(join(dir, 'nope.dqdl'), [file('x.csv', 'a\n1\n')]),
      /^ruleset not found: /,
    ],
    [
      'an unknown extension',
      () => checkFiles(rules('RowCount > 0'), [file('x.txt', 'a\n1\n')]),
      /cannot tell the format of .*x\.txt/,
    ],
    [
      'a ruleset that does not parse',
      () => checkFiles(file('bad.dqdl', 'Rules = [\n    RowCount >\n]\n'), [file('y.csv', 'a\n1\n')]),
      /bad\.dqdl: line 3, column 1: /,
    ],
    [
      'malformed JSON',
      () => checkFiles(rules('RowCount > 0'), [file('bad.json', '{"a": ')]),
      /^cannot read .*bad\.json: .*Malformed JSON/,
    ],
  ])('reports %s clearly', async (_, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QualityCheckError);
    expect((error as Error).message).toMatch(message);
  });
});
