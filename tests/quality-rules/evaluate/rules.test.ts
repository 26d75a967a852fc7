/** The other rule types on DuckDB: completeness, uniqueness, statistics, schema, CustomSql, freshness. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../core/index.js';
import type { RuleOutcome } from '../../../quality-rules/index.js';
import { Harness, ruleset, type TableSpec } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.open();
});
afterAll(() => h.close());

/** The example of AWS's StandardDeviation page, and keys with NULLs and duplicates. */
const units: TableSpec = {
  columns: { id: t.int(), units1: t.int(), units2: t.int(), k: t.string(), sparse: t.string() },
  rows: [
    [100, 0, 0, 'a', 'x'],
    [101, null, 0, 'a', null],
    [102, 20, 20, 'b', 'y'],
    [103, null, 0, null, null],
    [104, 40, 40, 'c', 'z'],
  ],
};

async function outcomesOf(spec: TableSpec, ...rules: string[]): Promise<RuleOutcome[]> {
  return (await h.evaluate(ruleset(...rules), spec)).outcomes;
}

describe('IsComplete and Completeness', () => {
  const spec: TableSpec = {
    columns: { status: t.string(), n: t.int() },
    rows: [
      ['a', 1],
      ['', 2],
      [null, 3],
      ['  ', null],
      ['b', 5],
      ['c', 6],
    ],
  };

  it('count an empty string as complete and label NULL rows', async () => {
    const { outcomes, failingRows } = await h.evaluate(
      ruleset(
        'IsComplete "status"',
        'Completeness "status" > 0.8',
        'Completeness "status" >= 0.9',
        'IsComplete "n" where "n > 1"',
      ),
      spec,
    );
    expect(outcomes).toEqual([
      {
        rule: 'IsComplete "status"',
        result: 'FAIL',
        message: `Value: ${5 / 6} does not meet the constraint requirement!`,
        metrics: { 'Column.status.Completeness': 5 / 6 },
      },
      {
        rule: 'Completeness "status" > 0.8',
        result: 'PASS',
        message: '',
        metrics: { 'Column.status.Completeness': 5 / 6 },
      },
      {
        rule: 'Completeness "status" >= 0.9',
        result: 'FAIL',
        message: `Value: ${5 / 6} does not meet the constraint requirement!`,
        metrics: { 'Column.status.Completeness': 5 / 6 },
      },
      {
        rule: 'IsComplete "n" where "n > 1"',
        result: 'PASS',
        message: '',
        metrics: { 'Column.n.Completeness': 1 },
      },
    ]);
    expect(failingRows).toEqual({
      'IsComplete "status"': [3],
      'Completeness "status" > 0.8': [3],
      'Completeness "status" >= 0.9': [3],
      'IsComplete "n" where "n > 1"': [],
    });
  });

  it('resolves column names as Spark does, ignoring case', async () => {
    const [outcome] = await outcomesOf(spec, 'IsComplete "STATUS"');
    expect(outcome?.metrics).toEqual({ 'Column.status.Completeness': 5 / 6 });
  });
});

describe('ColumnLength', () => {
  const codes: TableSpec = { columns: { code: t.string() }, rows: [['1234'], ['12345'], ['123456'], [null]] };

  it('counts NULL as length 0 (AWS: > 4 fails it, < 6 passes it) and decides value by value', async () => {
    const { outcomes, failingRows } = await h.evaluate(
      ruleset(
        'ColumnLength "code" > 4',
        'ColumnLength "code" < 6',
        'ColumnLength "code" between 3 and 6',
        'ColumnLength "code" in [0, 5]',
        // Deequ's port decides != on the extremes only (4 and 6 are both != 5); values are checked here.
        'ColumnLength "code" != 5',
      ),
      codes,
    );
    expect(failingRows).toEqual({
      'ColumnLength "code" > 4': [1, 4],
      'ColumnLength "code" < 6': [3],
      'ColumnLength "code" between 3 and 6': [3, 4],
      'ColumnLength "code" in [0, 5]': [1, 3],
      'ColumnLength "code" != 5': [2],
    });
    expect(outcomes[0]).toEqual({
      rule: 'ColumnLength "code" > 4',
      result: 'FAIL',
      message: 'Value: 0.5 does not meet the constraint requirement!',
      metrics: {
        'Column.code.MinimumLength': 0,
        'Column.code.MaximumLength': 6,
        'Column.code.LengthCompliance': 0.5,
      },
    });
    expect(outcomes.map((o) => o.result)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL', 'FAIL']);
  });
});

describe('uniqueness', () => {
  it('leaves NULLs out, as Deequ does, but for DistinctValuesCount, where NULL is one value more', async () => {
    const outcomes = await outcomesOf(
      units,
      'IsUnique "k"',
      'IsUnique "sparse"',
      'Uniqueness "k" = 0.5',
      'UniqueValueRatio "k" between 0.6 and 0.7',
      'DistinctValuesCount "k" = 4',
      'IsUnique "id"',
    );
    expect(outcomes.map((o) => [o.rule, o.result, o.metrics])).toEqual([
      ['IsUnique "k"', 'FAIL', { 'Column.k.Uniqueness': 0.5 }],
      ['IsUnique "sparse"', 'PASS', { 'Column.sparse.Uniqueness': 1 }],
      ['Uniqueness "k" = 0.5', 'PASS', { 'Column.k.Uniqueness': 0.5 }],
      ['UniqueValueRatio "k" between 0.6 and 0.7', 'PASS', { 'Column.k.UniqueValueRatio': 2 / 3 }],
      ['DistinctValuesCount "k" = 4', 'PASS', { 'Column.k.DistinctValuesCount': 4 }],
      ['IsUnique "id"', 'PASS', { 'Column.id.Uniqueness': 1 }],
    ]);
    expect(outcomes[0]?.message).toBe('Value: 0.5 does not meet the constraint requirement!');
  });

  it('IsPrimaryKey needs unique and complete values, over one or several columns', async () => {
    const spec: TableSpec = {
      columns: { a: t.int(), b: t.string(), c: t.string() },
      rows: [
        [1, 'x', 'p'],
        [1, 'y', null],
        [2, 'x', 'q'],
        [1, 'x', 'r'],
      ],
    };
    const outcomes = await outcomesOf(
      spec,
      'IsPrimaryKey "c"',
      'IsPrimaryKey "a" "b"',
      'IsPrimaryKey "a" "c"',
    );
    expect(outcomes.map((o) => [o.result, o.message, o.metrics])).toEqual([
      [
        'FAIL',
        'Value: 0.75 does not meet the constraint requirement!',
        { 'Column.c.Uniqueness': 1, 'Column.c.Completeness': 0.75 },
      ],
      [
        'FAIL',
        'Value: 0.5 does not meet the constraint requirement!',
        { 'Multicolumn.a,b.Uniqueness': 0.5, 'Column.a.Completeness': 1, 'Column.b.Completeness': 1 },
      ],
      [
        'FAIL',
        'Value: 0.75 does not meet the constraint requirement!',
        expect.objectContaining({ 'Multicolumn.a,c.Uniqueness': 1 }),
      ],
    ]);
    const [pk] = await outcomesOf(spec, 'IsPrimaryKey "a" "b" where "c != \'r\'"');
    expect(pk?.result).toBe('PASS');
  });

  it('Entropy is -Σ p·ln p over the non-NULL values', async () => {
    const [outcome] = await outcomesOf(units, 'Entropy "k" > 1');
    const expected = -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25));
    expect(outcome?.result).toBe('PASS');
    expect(outcome?.metrics['Column.k.Entropy']).toBeCloseTo(expected, 12);
  });
});

describe('statistics', () => {
  it('StandardDeviation is the population deviation, ignoring NULLs (AWS: 16.33 and 16)', async () => {
    const outcomes = await outcomesOf(
      units,
      'StandardDeviation "units1" between 16.3 and 16.4',
      'StandardDeviation "units2" = 16',
      'StandardDeviation "units2" < 10',
    );
    expect(outcomes.map((o) => o.result)).toEqual(['PASS', 'PASS', 'FAIL']);
    expect(outcomes[0]?.metrics['Column.units1.StandardDeviation']).toBeCloseTo(16.3299, 4);
    expect(outcomes[2]?.message).toBe('Value: 16.0 does not meet the constraint requirement!');
  });

  it('Mean, Sum and RowCount', async () => {
    const outcomes = await outcomesOf(
      units,
      'Mean "units1" = 20',
      'Sum "units2" = 60',
      'RowCount = 5',
      'RowCount > 5',
      'RowCount = 3 where "units1 is not null"',
      'Mean "units2" > 20 where "units1 > 0"',
    );
    expect(outcomes.map((o) => [o.result, o.metrics])).toEqual([
      ['PASS', { 'Column.units1.Mean': 20 }],
      ['PASS', { 'Column.units2.Sum': 60 }],
      ['PASS', { 'Dataset.*.RowCount': 5 }],
      ['FAIL', { 'Dataset.*.RowCount': 5 }],
      ['PASS', { 'Dataset.*.RowCount': 3 }],
      ['PASS', { 'Column.units2.Mean': 30 }],
    ]);
    // A row count is a long in deequ's message, not a double.
    expect(outcomes[3]?.message).toBe('Value: 5 does not meet the constraint requirement!');
  });

  it('ColumnCorrelation over the rows where both values are present', async () => {
    const spec: TableSpec = {
      columns: { x: t.double(), y: t.double(), z: t.double(), c: t.double() },
      rows: [
        [1, 3, 2, 7],
        [2, 2, 4, 7],
        [3, 1, 6, 7],
        [null, 5, 100, 7],
      ],
    };
    const outcomes = await outcomesOf(
      spec,
      'ColumnCorrelation "x" "y" < -0.99',
      'ColumnCorrelation "x" "z" > 0.99',
      'ColumnCorrelation "x" "c" > 0',
    );
    expect(outcomes[0]?.metrics['Multicolumn.x,y.ColumnCorrelation']).toBeCloseTo(-1, 12);
    expect(outcomes.map((o) => o.result)).toEqual(['PASS', 'PASS', 'FAIL']);
    expect(outcomes[2]?.message).toBe('Value: NaN does not meet the constraint requirement!');
  });

  it('fails a statistic with nothing to compute it from, as Deequ does on an empty state', async () => {
    const empty: TableSpec = { columns: { x: t.double() }, rows: [] };
    const outcomes = await outcomesOf(
      empty,
      'Mean "x" > 0',
      'RowCount = 0',
      'IsComplete "x"',
      'StandardDeviation "x" < 1',
    );
    expect(outcomes.map((o) => o.result)).toEqual(['FAIL', 'PASS', 'FAIL', 'FAIL']);
    expect(outcomes[0]?.message).toMatch(/^Empty state/);
  });

  it('passes a rule whose where clause matches no row, and fails it on an empty dataset', async () => {
    const empty: TableSpec = { columns: { x: t.double() }, rows: [] };
    const filtered = await outcomesOf(
      units,
      'ColumnValues "units1" > 100 where "id > 1000"',
      'IsComplete "k" where "id > 1000"',
    );
    expect(filtered.map((o) => [o.result, o.message])).toEqual([
      ['PASS', 'No rows matched the filter'],
      ['PASS', 'No rows matched the filter'],
    ]);
    const [values] = await outcomesOf(empty, 'ColumnValues "x" > 0');
    expect(values).toMatchObject({ result: 'FAIL', message: expect.stringMatching(/^Empty state/) });
  });

  it('needs numeric columns for Mean and friends', async () => {
    const [outcome] = await outcomesOf(units, 'Mean "k" > 0');
    expect(outcome).toMatchObject({ result: 'ERROR', message: 'Mean needs a numeric column; "k" is string' });
  });
});

describe('rules on the columns', () => {
  it('ColumnExists, ColumnCount and ColumnNamesMatchPattern', async () => {
    const outcomes = await outcomesOf(
      units,
      'ColumnExists "units1"',
      'ColumnExists "nope"',
      'ColumnCount = 5',
      'ColumnNamesMatchPattern "[a-z0-9]+"',
      'ColumnNamesMatchPattern "units.*"',
    );
    expect(outcomes.map((o) => o.result)).toEqual(['PASS', 'FAIL', 'PASS', 'PASS', 'FAIL']);
    expect(outcomes[2]?.metrics).toEqual({ 'Dataset.*.ColumnCount': 5 });
    expect(outcomes[4]?.metrics).toEqual({ 'Dataset.*.ColumnNamesPatternMatchRatio': 0.4 });
    expect(outcomes[4]?.message).toMatch(/Columns not matching: id, k, sparse$/);
  });
});

describe('CustomSql', () => {
  it('runs the statement with primary as the evaluated table', async () => {
    const outcomes = await outcomesOf(
      units,
      'CustomSql "select count(*) from primary where units1 is null" = 2',
      'CustomSql "select count(*) from primary" between 10 and 20',
      'CustomSql "select max(primary.units2) from primary where `k` = \\"c\\"" = 40',
    );
    expect(outcomes.map((o) => [o.result, o.metrics])).toEqual([
      ['PASS', { 'Dataset.*.CustomSQL': 2 }],
      ['FAIL', { 'Dataset.*.CustomSQL': 5 }],
      ['PASS', { 'Dataset.*.CustomSQL': 40 }],
    ]);
  });

  it('reports a statement the engine rejects as an ERROR of that rule alone', async () => {
    const outcomes = await outcomesOf(
      units,
      'CustomSql "select nope from primary" > 0',
      'CustomSql "select 1; drop table primary" > 0',
      'RowCount = 5',
    );
    expect(outcomes.map((o) => o.result)).toEqual(['ERROR', 'ERROR', 'PASS']);
    expect(outcomes[0]?.message).toMatch(/^the rule's SQL failed on the local engine: .*nope/s);
    expect(outcomes[1]?.message).toMatch(/more than one statement/);
  });

  it('judges the row-selecting form by the share of rows the statement selects, as deequ does', async () => {
    const outcomes = await outcomesOf(
      units,
      'CustomSql "select id from primary where units1 is not null"',
      'CustomSql "select id from primary where units1 is not null" with threshold >= 0.6',
      'CustomSql "select id from primary"',
    );
    expect(outcomes.map((o) => [o.result, o.message, o.metrics])).toEqual([
      [
        'FAIL',
        'Value: 0.6 does not meet the constraint requirement.',
        { 'Dataset.*.CustomSQL.Compliance': 0.6 },
      ],
      ['PASS', '', { 'Dataset.*.CustomSQL.Compliance': 0.6 }],
      ['PASS', '', { 'Dataset.*.CustomSQL.Compliance': 1 }],
    ]);
  });
});

describe('DataFreshness', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  const spec: TableSpec = {
    columns: { ts: t.timestamp(), d: t.date() },
    rows: [
      ['2024-06-01 00:00:00', '2024-06-01'],
      ['2024-05-31 00:00:00', '2024-05-31'],
      [null, null],
      ['2024-05-25 12:00:00', '2024-05-20'],
    ],
  };

  it('measures the age of each value from now, failing NULLs', async () => {
    const { outcomes, plan } = await h.evaluate(
      ruleset(
        'DataFreshness "ts" <= 24 hours',
        'DataFreshness "ts" between 1 days and 10 days',
        'DataFreshness "d" <= 2 days',
        'DataFreshness "ts" < 30 days',
        'DataFreshness "ts" <= 24 hours where "ts > \'2024-05-31 12:00:00\'"',
      ),
      spec,
      { now },
    );
    expect(outcomes.map((o) => [o.result, o.message, o.metrics])).toEqual([
      ['FAIL', '25.00% of rows passed', { 'Column.ts.DataFreshness.Compliance': 0.25 }],
      ['FAIL', '50.00% of rows passed', { 'Column.ts.DataFreshness.Compliance': 0.5 }],
      ['FAIL', '50.00% of rows passed', { 'Column.d.DataFreshness.Compliance': 0.5 }],
      ['FAIL', '75.00% of rows passed', { 'Column.ts.DataFreshness.Compliance': 0.75 }],
      ['PASS', '', { 'Column.ts.DataFreshness.Compliance': 1 }],
    ]);
    // Whether Glue labels rows for DataFreshness is unconfirmed: dataset-level only.
    expect(plan.rowLevel).toEqual([]);
  });

  it('measures ages to the millisecond (Glue rounds hours to two decimals, 36 seconds)', async () => {
    const edge: TableSpec = { columns: { ts: t.timestamp() }, rows: [['2024-05-31 11:59:50']] };
    const [outcome] = (await h.evaluate(ruleset('DataFreshness "ts" <= 24 hours'), edge, { now })).outcomes;
    // 24 hours and 10 seconds old: 24.00 hours once rounded, which Glue would pass.
    expect(outcome?.result).toBe('FAIL');
  });
});
