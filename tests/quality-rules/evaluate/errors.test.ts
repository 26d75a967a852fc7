/** What the evaluator cannot do comes out as ERROR with a reason, rule by rule, never as a PASS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dq, sql as s, t } from '../../../core/index.js';
import { LEAF_BUILDERS } from '../../../quality-rules/evaluate/rules/leaf-builders.js';
import { DQ_RULE_TYPES, parseRuleset, planEvaluation } from '../../../quality-rules/index.js';
import { Harness, ruleset, type TableSpec } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.open();
});
afterAll(() => h.close());

const spec: TableSpec = {
  columns: { id: t.string(), n: t.int() },
  rows: [
    ['a', 1],
    ['b', 2],
  ],
};

describe('rules that cannot be evaluated', () => {
  const CASES: readonly [rule: string, message: RegExp][] = [
    ['IsComplete "nope"', /^column "nope" does not exist in the dataset \(its columns: id, n\)$/],
    ['ColumnValues "n" > avg(last(3))', /dynamic rules .* earlier runs/],
    [
      'ReferentialIntegrity "id" "other.id" = 1.0',
      /^the reference dataset "other" is not given to the evaluation \(additional data sources: none\)$/,
    ],
    ['DatasetMatch "reference" "id" >= 0.9', /another dataset/],
    ['DetectAnomalies "RowCount"', /earlier runs/],
    ['FileSize > 1 MB', /files in S3/],
    ['ColumnDataType "id" = "INTEGER"', /not implemented yet/],
    ['ColumnLength "id" matches "a"', /use ColumnValues for "matches"/],
    ['DataFreshness "n" <= 24 hours', /DataFreshness needs a date or timestamp column; "n" is int/],
    ['ColumnValues "n" > 0 where "n > (1"', /unbalanced "\("/],
    ['IsComplete "n" where "nope > 1"', /^the rule's SQL failed on the local engine: .*nope/s],
    ['ColumnValues "id" matches "(?=a)b"', /^the rule's SQL failed on the local engine: .*perl operator/s],
  ];

  for (const [rule, message] of CASES) {
    it(rule, async () => {
      const { outcomes } = await h.evaluate(ruleset(rule, 'RowCount = 2'), spec);
      expect(outcomes[0]?.result).toBe('ERROR');
      expect(outcomes[0]?.message).toMatch(message);
      expect(outcomes[1]).toMatchObject({ rule: 'RowCount = 2', result: 'PASS' });
    });
  }

  it('keeps rules it cannot plan out of the row-level list', async () => {
    const { plan } = await h.evaluate(ruleset('IsComplete "nope"', 'IsComplete "id"'), spec);
    expect(plan.rowLevel.map((r) => r.rule)).toEqual(['IsComplete "id"']);
  });

  it('has a builder for every rule type the parser knows', () => {
    expect([...DQ_RULE_TYPES.keys()].filter((name) => LEAF_BUILDERS[name] === undefined)).toEqual([]);
  });

  it('rules built in code: an undefined constant or an unknown rule type is an ERROR too', () => {
    const constant = dq.rule('RowCount', [], {
      condition: { kind: 'compare', op: '>', value: { kind: 'variable', name: 'x' } },
    });
    const [outcome] = planEvaluation([constant], { table: s.table('t'), columns: [] }).decide({});
    expect(outcome).toMatchObject({
      result: 'ERROR',
      message: 'the constant $x is not defined in the ruleset',
    });
    const unknown = planEvaluation([dq.rule('IsAwesome', [])], { table: s.table('t'), columns: [] });
    expect(unknown.decide({})).toEqual([
      { rule: 'IsAwesome', result: 'ERROR', message: 'unknown rule type IsAwesome', metrics: {} },
    ]);
  });

  it('an unanswered query makes its rules ERROR, not PASS', () => {
    const plan = planEvaluation(parseRuleset(ruleset('RowCount > 0', 'IsComplete "id"')), {
      table: s.table('t'),
      columns: [{ name: 'id', type: t.string() }],
    });
    const [first, second] = plan.metricQueries;
    const outcomes = plan.decide({}, { [first!.name]: 'the engine fell over' });
    expect(outcomes[0]).toMatchObject({
      result: 'ERROR',
      message: "the rule's SQL failed on the local engine: the engine fell over",
    });
    // No row came back for the second query: nothing to decide on, which fails like an empty state.
    expect(second).toBeDefined();
    expect(outcomes[1]?.result).toBe('FAIL');
  });
});
