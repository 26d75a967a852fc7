/** Composite rules: per row as Glue's ROW method; outcome by COLUMN (default) or ROW. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../core/index.js';
import { Harness, ruleset, type TableSpec } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.open();
});
afterAll(() => h.close());

const marks: TableSpec = {
  columns: { id: t.string(), marks: t.double() },
  rows: [
    ['a', 10],
    ['b', 50],
    ['c', null],
    ['d', 101],
    ['e', -1],
  ],
};

describe('composite rules', () => {
  it('and: a row passes when it passes every operand; the outcome joins the failures', async () => {
    const rule = '(ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100)';
    const { outcomes, failingRows } = await h.evaluate(ruleset(rule), marks);
    expect(failingRows[rule]).toEqual([3, 4, 5]);
    expect(outcomes[0]).toEqual({
      rule,
      result: 'FAIL',
      // Each failing operand's lines in turn: -1.0 and NULL, then 101.0 and NULL.
      message: [
        'Value: -1.0 does not meet the constraint requirement!',
        'Value: NULL does not meet the constraint requirement!',
        'Value: 101.0 does not meet the constraint requirement!',
        'Value: NULL does not meet the constraint requirement!',
      ].join('\n'),
      metrics: { 'Column.marks.Minimum': -1, 'Column.marks.Maximum': 101 },
    });
  });

  it('or: a row passes when it passes any operand (NULL allowed explicitly, as AWS shows)', async () => {
    const rule = '(ColumnValues "marks" > 21) or (ColumnValues "marks" = NULL)';
    const { outcomes, failingRows } = await h.evaluate(ruleset(rule), marks);
    expect(failingRows[rule]).toEqual([1, 5]);
    expect(outcomes[0]?.result).toBe('FAIL');
  });

  it('nests, and decides by operand outcomes (COLUMN) unless ROW is asked for', async () => {
    const complete: TableSpec = { columns: { n: t.int() }, rows: [[5], [50], [95]] };
    const rule = '(ColumnValues "n" < 60) or ((ColumnValues "n" > 40) and (IsComplete "n"))';
    const column = await h.evaluate(ruleset(rule), complete);
    expect(column.failingRows[rule]).toEqual([]);
    // Each operand fails on the whole column (95 is not < 60, 5 is not > 40) …
    expect(column.outcomes[0]?.result).toBe('FAIL');
    // … while every row passes one of them.
    const row = await h.evaluate(ruleset(rule), complete, { compositeRuleEvaluation: 'ROW' });
    expect(row.outcomes[0]).toMatchObject({ result: 'PASS', message: '' });
    const failing = await h.evaluate(
      ruleset('(ColumnValues "n" < 10) or (ColumnValues "n" > 90)'),
      complete,
      {
        compositeRuleEvaluation: 'ROW',
      },
    );
    expect(failing.outcomes[0]?.result).toBe('FAIL');
  });

  it('has no row-level outcome when an operand has none (dataset rules, thresholds, Completeness)', async () => {
    const rules = [
      '(IsComplete "marks") and (RowCount > 0)',
      '(ColumnValues "marks" > 0 with threshold > 0.5) or (IsComplete "id")',
      '(Completeness "marks" > 0.5) and (IsComplete "id")',
      '(IsComplete "id") and (ColumnValues "marks" <= 200)',
    ];
    const { plan, outcomes } = await h.evaluate(ruleset(...rules), marks);
    expect(plan.rowLevel.map((r) => r.rule)).toEqual([rules[3]]);
    expect(outcomes.map((o) => o.result)).toEqual(['FAIL', 'PASS', 'PASS', 'FAIL']);
    const row = await h.evaluate(ruleset(rules[0]!), marks, { compositeRuleEvaluation: 'ROW' });
    expect(row.outcomes[0]?.result).toBe('ERROR');
    expect(row.outcomes[0]?.message).toMatch(/RowCount > 0 has no row-level outcome inside a composite/);
  });

  it('combines ERROR as Glue would: or passes on a pass, and fails on a failure', async () => {
    const outcomes = (
      await h.evaluate(
        ruleset(
          '(ColumnValues "nope" > 0) or (IsComplete "id")',
          '(ColumnValues "nope" > 0) and (IsComplete "marks")',
          '(ColumnValues "nope" > 0) and (IsComplete "id")',
        ),
        marks,
      )
    ).outcomes;
    expect(outcomes.map((o) => o.result)).toEqual(['PASS', 'FAIL', 'ERROR']);
    expect(outcomes[2]?.message).toMatch(/column "nope" does not exist/);
  });
});
