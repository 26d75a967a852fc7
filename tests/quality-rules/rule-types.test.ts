import { describe, expect, it } from 'vitest';
import { type DqRuleExpr, dq, ruleColumns } from '../../core/index.js';
import { DQ_RULE_TYPES, emitRule, parseRule, ruleTypeSpec } from '../../quality-rules/index.js';
import { cmp, col, num, rule } from './builders.js';

describe('the rule-type catalog', () => {
  const ruleTypes = [...DQ_RULE_TYPES.values()].filter((s) => s.asRule);

  it.each(ruleTypes.filter((s) => s.condition === 'none'))('$name rejects a condition', (spec) => {
    const params = Array.from({ length: spec.minParameters }, (_, i) => `"c${i}"`).join(' ');
    expect(() => parseRule(`${spec.name} ${params} > 0`)).toThrow(`${spec.name} takes no condition`);
    expect(() => parseRule(`${spec.name} ${params}`)).not.toThrow();
  });

  it.each(ruleTypes.filter((s) => s.condition === 'required'))('$name requires a condition', (spec) => {
    const params = Array.from({ length: spec.minParameters }, (_, i) => `"c${i}"`).join(' ');
    expect(() => parseRule(`${spec.name} ${params}`.trim())).toThrow('expected a condition');
    const condition = spec.name === 'DataFreshness' ? '<= 24 hours' : '> 0';
    expect(() => parseRule(`${spec.name} ${params} ${condition}`)).not.toThrow();
  });

  it('DataFreshness needs the unit of the age it compares', () => {
    expect(() => parseRule('DataFreshness "ts" <= 24')).toThrow(
      'line 1, column 20: DataFreshness compares an age: give its unit, as in <= 24 hours or > 30 minutes',
    );
    expect(() => parseRule('DataFreshness "ts" between 1 days and 2')).toThrow(
      'DataFreshness compares an age',
    );
  });

  it.each(ruleTypes.filter((s) => s.asRule && !s.where))('$name takes no where clause', (spec) => {
    const params = Array.from({ length: spec.minParameters }, (_, i) => `"c${i}"`).join(' ');
    const condition = spec.condition === 'none' ? '' : ' > 0';
    expect(() => parseRule(`${spec.name} ${params}${condition} where "x > 1"`.replace(/ +/g, ' '))).toThrow(
      `${spec.name} takes no where clause (AWS Glue filters rows for ColumnCorrelation, ColumnDataType,`,
    );
  });

  it.each(ruleTypes.filter((s) => s.asRule && !s.threshold && s.condition !== 'none'))(
    '$name takes no threshold',
    (spec) => {
      const params = Array.from({ length: spec.minParameters }, (_, i) => `"c${i}"`).join(' ');
      const condition = spec.name === 'DataFreshness' ? '<= 24 hours' : '> 0';
      expect(() =>
        parseRule(`${spec.name} ${params} ${condition} with threshold > 0.5`.replace(/ +/g, ' ')),
      ).toThrow(
        `${spec.name} takes no "with threshold" (only ColumnDataType, ColumnValues, CustomSql, FileFreshness, FileSize do)`,
      );
    },
  );

  it.each(ruleTypes.filter((s) => s.maxParameters !== Number.POSITIVE_INFINITY))(
    '$name refuses one parameter more than it takes',
    (spec) => {
      const params = Array.from({ length: spec.maxParameters + 1 }, (_, i) => `"c${i}"`).join(' ');
      const condition = spec.condition === 'none' ? '' : ' > 0';
      expect(() => parseRule(`${spec.name} ${params}${condition}`)).toThrow(`${spec.name} takes`);
    },
  );

  it('lets CustomSql and FileMatch go with or without a condition', () => {
    for (const source of [
      'CustomSql "select id from primary"',
      'CustomSql "select count(*) from primary" > 0',
    ]) {
      expect(() => parseRule(source)).not.toThrow();
    }
    for (const source of ['FileMatch "s3://a/" "s3://b/"', 'FileMatch "s3://a/f" in ["abc"]']) {
      expect(() => parseRule(source)).not.toThrow();
    }
  });

  it('records what the evaluator needs about row-level outcomes', () => {
    const rowLevel = (name: string) => ruleTypeSpec(name)?.rowLevel;
    expect(['ColumnValues', 'ColumnLength', 'Completeness', 'IsComplete'].map(rowLevel)).toStrictEqual([
      'always',
      'always',
      'always',
      'always',
    ]);
    expect(rowLevel('CustomSql')).toBe('withoutCondition');
    expect(
      ['RowCount', 'Mean', 'ColumnCorrelation', 'ColumnDataType', 'AggregateMatch'].map(rowLevel),
    ).toStrictEqual(['never', 'never', 'never', 'never', 'never']);
  });
});

describe('ruleColumns', () => {
  const cases: [string, DqRuleExpr, string[]][] = [
    ['one column', dq.isComplete('a'), ['a']],
    ['no column', dq.rowCount('>', 0), []],
    ['composite', dq.inRange('marks', 0, 100), ['marks', 'marks']],
    ['several key columns', rule('IsPrimaryKey', [col('a'), col('b')]), ['a', 'b']],
    [
      'two correlated columns',
      rule('ColumnCorrelation', [col('x'), col('y')], { condition: cmp('>', num(0)) }),
      ['x', 'y'],
    ],
    [
      'comma-separated primary columns, not the reference ones',
      rule('ReferentialIntegrity', [col('city, state'), col('reference.{ref_city,ref_state}')], {
        condition: cmp('=', num(1)),
      }),
      ['city', 'state'],
    ],
    ['the columns after the metric name', rule('DetectAnomalies', [col('ColumnLength'), col('id')]), ['id']],
    ['not a column rule', rule('CustomSql', [col('select 1')], { condition: cmp('=', num(1)) }), []],
    ['a constant is not a column name', rule('IsComplete', [{ kind: 'variable', name: 'c' }]), []],
  ];
  it.each(cases)('%s', (_name, expr, columns) => {
    expect(ruleColumns(expr)).toStrictEqual(columns);
  });

  it('reads the same columns from the parsed text as from the factory', () => {
    const built = dq.or(dq.isPrimaryKey('id'), dq.inRange('rating', 0, 5));
    expect(ruleColumns(parseRule(emitRule(built)))).toStrictEqual(ruleColumns(built));
  });
});
