/** `lakeline quality check` end to end, spawned as a user runs it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeline } from './run-cli.js';

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

let rules: string;
let good: string;
let bad: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lakeline-cli-quality-'));
  rules = file(
    'enrollments.dqdl',
    [
      'Rules = [',
      '    IsComplete "enrollment_id",',
      '    (ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100),',
      '    IsPrimaryKey "enrollment_id",',
      '    RowCount > 1',
      ']',
      '',
    ].join('\n'),
  );
  good = file('good.csv', 'enrollment_id,marks\nE1,55\nE2,100\n');
  bad = file('bad.csv', 'enrollment_id,marks\nE3,101\nE1,-2\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lakeline quality check', () => {
  it('prints a table and a score, and exits 0 when every rule passes', () => {
    const r = lakeline(['quality', 'check', rules, good]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+RESULT\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^IsComplete "enrollment_id"\s+PASS$/);
    expect(lines.at(-1)).toBe('score 1.00: 4 of 4 rules passed, 0 failed, 0 errored (2 rows from 1 file)');
  });

  it('exits 1 when a rule fails, naming the failure and the rows', () => {
    const r = lakeline(['quality', 'check', rules, good, bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /\(ColumnValues "marks" >= 0\) and \(ColumnValues "marks" <= 100\)\s+FAIL\s+Value: -2\.0 does not meet the constraint requirement!; Value: 101\.0 does not meet the constraint requirement! \(2 of 4 rows failed\)/,
    );
    expect(r.stdout).toMatch(/IsPrimaryKey "enrollment_id"\s+FAIL\s+Value: 0\.5 does not meet/);
    expect(r.stdout).toMatch(/score 0\.50: 2 of 4 rules passed, 2 failed, 0 errored \(4 rows from 2 files\)/);
  });

  it('--json prints the score and the rules with their metrics', () => {
    const r = lakeline(['quality', 'check', rules, bad, '--json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { score: number; rules: Record<string, unknown>[] };
    expect(report.score).toBe(0.75);
    expect(report.rules).toEqual([
      {
        rule: 'IsComplete "enrollment_id"',
        result: 'PASS',
        message: '',
        metrics: { 'Column.enrollment_id.Completeness': 1 },
        failingRows: 0,
      },
      {
        rule: '(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)',
        result: 'FAIL',
        message:
          'Value: -2.0 does not meet the constraint requirement!\nValue: 101.0 does not meet the constraint requirement!',
        metrics: { 'Column.marks.Minimum': -2, 'Column.marks.Maximum': 101 },
        failingRows: 2,
      },
      {
        rule: 'IsPrimaryKey "enrollment_id"',
        result: 'PASS',
        message: '',
        metrics: { 'Column.enrollment_id.Uniqueness': 1, 'Column.enrollment_id.Completeness': 1 },
      },
      { rule: 'RowCount > 1', result: 'PASS', message: '', metrics: { 'Dataset.*.RowCount': 2 } },
    ]);
  });

  it('exits 1 on a rule it cannot evaluate, saying why', () => {
    const errors = file('errors.dqdl', 'Rules = [\n    IsComplete "nope",\n    RowCount > 0\n]\n');
    const r = lakeline(['quality', 'check', errors, good]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /IsComplete "nope"\s+ERROR\s+column "nope" does not exist in the dataset \(its columns: enrollment_id, marks\)/,
    );
  });

  it('says which file is missing', () => {
    const r = lakeline(['quality', 'check', rules, join(dir, 'missing.csv')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: data file not found: ${join(dir, 'missing.csv')}\n`);
  });

  it('points at the line and column of a ruleset that does not parse', () => {
    const broken = file('broken.dqdl', 'Rules = [\n    IsComplete "a",\n    ColumnValues "b" between 1 ]\n');
    const r = lakeline(['quality', 'check', broken, good]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: ${broken}: line 3, column 32: expected "and" after the lower bound of between, found "]"\n`,
    );
  });
});
