/** ColumnValues on DuckDB: each form's row-level outcome, dataset outcome, metrics and message. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../core/index.js';
import { Harness, ruleset, type TableSpec } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.open();
});
afterAll(() => h.close());

const enrollments: TableSpec = {
  columns: {
    id: t.string(),
    marks: t.decimal(5, 2),
    status: t.string(),
    term: t.string(),
    code: t.string(),
  },
  rows: [
    ['a', 0, 'active', '2024-SPRING', '10'],
    ['b', 100, 'completed', '2024-FALL', '20'],
    ['c', 50.5, 'dropped', 'bad', 'x'],
    ['d', null, null, null, '5'],
    ['e', 101, '', '2024-FALL', null],
    ['f', -1, '  ', '2023-SPRING', '30'],
  ],
};

interface Case {
  readonly rule: string;
  /** `__row` numbers failing the rule, row by row. */
  readonly failing: number[];
  readonly result: 'PASS' | 'FAIL';
  readonly metrics?: Record<string, number>;
  readonly message?: string;
}

const CASES: readonly Case[] = [
  {
    rule: 'ColumnValues "marks" >= 0',
    failing: [4, 6],
    result: 'FAIL',
    metrics: { 'Column.marks.Minimum': -1 },
    // The extreme that broke the rule, then NULL, which fails too: a line each, as deequ says it.
    message:
      'Value: -1.0 does not meet the constraint requirement!\nValue: NULL does not meet the constraint requirement!',
  },
  {
    rule: 'ColumnValues "marks" <= 100',
    failing: [4, 5],
    result: 'FAIL',
    metrics: { 'Column.marks.Maximum': 101 },
    message:
      'Value: 101.0 does not meet the constraint requirement!\nValue: NULL does not meet the constraint requirement!',
  },
  {
    rule: 'ColumnValues "marks" = 100',
    failing: [1, 3, 4, 5, 6],
    result: 'FAIL',
    metrics: { 'Column.marks.Minimum': -1, 'Column.marks.Maximum': 101 },
  },
  // between excludes both ends; NULL fails.
  {
    rule: 'ColumnValues "marks" between 0 and 100',
    failing: [1, 2, 4, 5, 6],
    result: 'FAIL',
    metrics: { 'Column.marks.ColumnValues.Compliance': 1 / 6 },
    message: `Value: ${1 / 6} does not meet the constraint requirement!`,
  },
  { rule: 'ColumnValues "marks" not between 0 and 100', failing: [3, 4], result: 'FAIL' },
  // != and not in pass NULL unless NULL is named.
  { rule: 'ColumnValues "marks" != 100', failing: [2], result: 'FAIL' },
  { rule: 'ColumnValues "marks" != NULL', failing: [4], result: 'FAIL' },
  { rule: 'ColumnValues "marks" = NULL', failing: [1, 2, 3, 5, 6], result: 'FAIL' },
  { rule: 'ColumnValues "marks" in [0, 100]', failing: [3, 4, 5, 6], result: 'FAIL' },
  { rule: 'ColumnValues "marks" in [0, NULL]', failing: [2, 3, 5, 6], result: 'FAIL' },
  { rule: 'ColumnValues "marks" not in [0, 100]', failing: [1, 2], result: 'FAIL' },
  { rule: 'ColumnValues "marks" not in [0, 100, NULL]', failing: [1, 2, 4], result: 'FAIL' },
  {
    rule: 'ColumnValues "status" in ["active", "completed", "dropped"]',
    failing: [4, 5, 6],
    result: 'FAIL',
    metrics: { 'Column.status.ColumnValues.Compliance': 0.5 },
  },
  { rule: 'ColumnValues "status" in ["active", EMPTY]', failing: [2, 3, 4, 6], result: 'FAIL' },
  { rule: 'ColumnValues "status" in ["active", WHITESPACES_ONLY]', failing: [2, 3, 4, 5], result: 'FAIL' },
  { rule: 'ColumnValues "status" = "active"', failing: [2, 3, 4, 5, 6], result: 'FAIL' },
  { rule: 'ColumnValues "status" != EMPTY', failing: [5], result: 'FAIL' },
  { rule: 'ColumnValues "status" not in ["active", "completed"]', failing: [1, 2], result: 'FAIL' },
  // matches is a whole-value match; NULL fails, also for "not matches".
  {
    rule: 'ColumnValues "term" matches "[0-9]{4}-(SPRING|FALL)"',
    failing: [3, 4],
    result: 'FAIL',
    metrics: { 'Column.term.PatternMatch': 4 / 6 },
  },
  { rule: 'ColumnValues "term" matches "2024"', failing: [1, 2, 3, 4, 5, 6], result: 'FAIL' },
  { rule: 'ColumnValues "term" matches "\\d{4}-.*"', failing: [3, 4], result: 'FAIL' },
  {
    rule: 'ColumnValues "term" not matches "[0-9]{4}-(SPRING|FALL)"',
    failing: [1, 2, 4, 5, 6],
    result: 'FAIL',
  },
  // A number against a string column: the values are read as numbers; one that is none fails.
  { rule: 'ColumnValues "code" > 6', failing: [3, 4, 5], result: 'FAIL' },
  // with threshold: the share of rows that must pass; rows are still labelled one by one.
  {
    rule: 'ColumnValues "term" matches "[0-9]{4}-(SPRING|FALL)" with threshold >= 0.6',
    failing: [3, 4],
    result: 'PASS',
    metrics: { 'Column.term.ColumnValues.Compliance': 4 / 6 },
  },
  {
    rule: 'ColumnValues "term" matches "[0-9]{4}-(SPRING|FALL)" with threshold > 0.7',
    failing: [3, 4],
    result: 'FAIL',
    message: `Value: ${4 / 6} does not meet the constraint requirement!`,
  },
  // where: only matching rows are checked; the others are labelled as passing.
  {
    rule: 'ColumnValues "marks" >= 0 where "status = \'active\' or status = \'dropped\'"',
    failing: [],
    result: 'PASS',
  },
  { rule: 'ColumnValues "marks" >= 0 where "id in (\\"d\\", \\"f\\")"', failing: [4, 6], result: 'FAIL' },
  { rule: 'ColumnValues "marks" > 0 where "`id` == \'c\'"', failing: [], result: 'PASS' },
  {
    rule: 'ColumnValues "marks" between 0 and 100 with threshold > 0.1',
    failing: [1, 2, 4, 5, 6],
    result: 'PASS',
  },
];

describe('ColumnValues', () => {
  for (const c of CASES) {
    it(c.rule, async () => {
      const { outcomes, failingRows, plan } = await h.evaluate(ruleset(c.rule), enrollments);
      expect(plan.rowLevel.map((r) => r.rule)).toEqual([c.rule]);
      expect(failingRows[c.rule]).toEqual(c.failing);
      const [outcome] = outcomes;
      expect(outcome?.rule).toBe(c.rule);
      expect(outcome?.result).toBe(c.result);
      if (c.metrics !== undefined) expect(outcome?.metrics).toEqual(c.metrics);
      if (c.message !== undefined) expect(outcome?.message).toBe(c.message);
      if (c.result === 'PASS') expect(outcome?.message).toBe('');
    });
  }

  it('passes when every value passes, and reports NULL as the value that broke a range', async () => {
    const { outcomes } = await h.evaluate(
      ruleset('ColumnValues "marks" >= -1', 'ColumnValues "marks" >= -5 where "id != \'d\'"'),
      enrollments,
    );
    expect(outcomes.map((o) => [o.result, o.message])).toEqual([
      ['FAIL', 'Value: NULL does not meet the constraint requirement!'],
      ['PASS', ''],
    ]);
  });

  it('reads constants for lists and values', async () => {
    const dqdl = `allowed = ["active", "completed", "dropped", "", "  "]\nlimit = "100"\nRules = [\n    ColumnValues "status" in $allowed,\n    ColumnValues "status" in [$limit]\n]\n`;
    const { outcomes, failingRows } = await h.evaluate(dqdl, enrollments);
    expect(outcomes[0]?.result).toBe('FAIL');
    expect(failingRows['ColumnValues "status" in $allowed']).toEqual([4]);
    expect(failingRows['ColumnValues "status" in [$limit]']).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('compares dates, timestamps and now()', async () => {
    const now = new Date('2024-06-01T12:00:00Z');
    const spec: TableSpec = {
      columns: { d: t.date(), ts: t.timestamp() },
      rows: [
        ['2024-05-31', '2024-06-01 06:00:00'],
        ['2024-05-01', '2024-05-27 12:00:00'],
        [null, null],
      ],
    };
    const { failingRows } = await h.evaluate(
      ruleset(
        'ColumnValues "d" > "2024-05-15"',
        'ColumnValues "ts" > (now() - 3 days)',
        'ColumnValues "d" >= (now() - 1 days)',
        'ColumnValues "ts" between "2024-05-27" and "2024-06-02"',
      ),
      spec,
      { now },
    );
    expect(failingRows).toEqual({
      'ColumnValues "d" > "2024-05-15"': [2, 3],
      'ColumnValues "ts" > (now() - 3 days)': [2, 3],
      'ColumnValues "d" >= (now() - 1 days)': [2, 3],
      'ColumnValues "ts" between "2024-05-27" and "2024-06-02"': [3],
    });
  });

  it('refuses an operand the column cannot be compared with, as an ERROR', async () => {
    const { outcomes, plan } = await h.evaluate(
      ruleset('ColumnValues "marks" = "abc"', 'ColumnValues "marks" in [EMPTY]', 'ColumnValues "marks" > 0'),
      enrollments,
    );
    expect(outcomes.map((o) => o.result)).toEqual(['ERROR', 'ERROR', 'FAIL']);
    expect(outcomes[0]?.message).toMatch(/cannot compare the decimal column "marks" with the string "abc"/);
    expect(outcomes[1]?.message).toMatch(/EMPTY applies to string columns/);
    expect(plan.rowLevel.map((r) => r.rule)).toEqual(['ColumnValues "marks" > 0']);
  });
});
