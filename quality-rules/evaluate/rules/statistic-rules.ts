/**
 * Dataset statistics: RowCount, Mean, Sum, StandardDeviation (population, as Glue computes it:
 * units 0, 20, 40 give 16.33) and ColumnCorrelation (Pearson, over rows where both are non-NULL).
 * NULLs are ignored; a statistic with no value to compute it from fails, as Deequ's empty state does.
 * Deviations are centred with a window average, so no engine needs a sqrt or stddev_pop.
 */
import { type Expr, isNumericType, sql as s } from '../../../core/index.js';
import { EMPTY_STATE, fail, judge } from '../decisions.js';
import {
  type LeafBuilder,
  type PlanContext,
  RulePlanError,
  resolveColumn,
  type SourceColumn,
  singleColumn,
  stringParameters,
} from '../leaf-plan.js';
import { double, tableQuery, whereOf } from '../metric-queries.js';
import { numberTest } from '../number-condition.js';
import type { MetricQuery } from '../types.js';

function numericColumn(column: SourceColumn, ruleType: string): SourceColumn {
  if (!isNumericType(column.type))
    throw new RulePlanError(`${ruleType} needs a numeric column; "${column.name}" is ${column.type.kind}`);
  return column;
}

export const rowCount: LeafBuilder = (rule, text, ctx) => {
  const test = numberTest(ctx, rule.condition, 'RowCount');
  const q = ctx.nextQueryName();
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [tableQuery(ctx, q, { rows: double(s.call('count', s.star())) }, [whereOf(rule)])],
    decide: (values) => {
      const rows = values.num(`${q}_rows`) ?? 0;
      return judge(test(rows), String(rows), { 'Dataset.*.RowCount': rows });
    },
  };
};

function aggregate(ruleType: 'Mean' | 'Sum', fn: 'avg' | 'sum'): LeafBuilder {
  return (rule, text, ctx) => {
    const column = numericColumn(singleColumn(rule, ctx), ruleType);
    const test = numberTest(ctx, rule.condition, ruleType);
    const q = ctx.nextQueryName();
    return {
      rule,
      text,
      rowInComposite: false,
      queries: [tableQuery(ctx, q, { value: s.call(fn, double(s.col(column.name))) }, [whereOf(rule)])],
      decide: (values) => {
        const value = values.num(`${q}_value`);
        if (value === null) return fail(EMPTY_STATE, {});
        return judge(test(value), value, { [`Column.${column.name}.${ruleType}`]: value });
      },
    };
  };
}

export const mean = aggregate('Mean', 'avg');
export const sum = aggregate('Sum', 'sum');

/**
 * Σ of products of deviations from the mean, over the rows where every column is non-NULL:
 * items `n` and, per pair (i, j), `s<i><j>`.
 */
function deviationQuery(
  ctx: PlanContext,
  name: string,
  columns: readonly SourceColumn[],
  where: Expr | undefined,
  pairs: readonly (readonly [number, number])[],
): MetricQuery {
  const present = s.and(...columns.map((c) => s.isNotNull(s.col(c.name))));
  const inner = s.select({
    items: columns.map((c, i) => {
      const value = double(s.col(c.name));
      return s.item(s.binary('-', value, s.over(s.call('avg', value), [], [])), `__d${i}`);
    }),
    from: s.fromTable(ctx.source.table),
    where: where === undefined ? present : s.and(present, where),
  });
  const d = (i: number) => s.col(`__d${i}`, '__deviations');
  const items = [
    s.item(double(s.call('count', s.star())), `${name}_n`),
    ...pairs.map(([i, j]) => s.item(s.call('sum', s.binary('*', d(i), d(j))), `${name}_s${i}${j}`)),
  ];
  return { name, query: s.select({ items, from: s.fromQuery(inner, '__deviations') }) };
}

export const standardDeviation: LeafBuilder = (rule, text, ctx) => {
  const column = numericColumn(singleColumn(rule, ctx), 'StandardDeviation');
  const test = numberTest(ctx, rule.condition, 'StandardDeviation');
  const q = ctx.nextQueryName();
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [deviationQuery(ctx, q, [column], whereOf(rule), [[0, 0]])],
    decide: (values) => {
      const n = values.num(`${q}_n`);
      const squares = values.num(`${q}_s00`);
      if (n === null || n === 0 || squares === null) return fail(EMPTY_STATE, {});
      const value = Math.sqrt(squares / n);
      return judge(test(value), value, { [`Column.${column.name}.StandardDeviation`]: value });
    },
  };
};

export const columnCorrelation: LeafBuilder = (rule, text, ctx) => {
  const names = stringParameters(rule, ctx);
  if (names.length !== 2) throw new RulePlanError('ColumnCorrelation needs exactly two columns');
  const columns = names.map((n) => numericColumn(resolveColumn(ctx, n), 'ColumnCorrelation'));
  const test = numberTest(ctx, rule.condition, 'ColumnCorrelation');
  const q = ctx.nextQueryName();
  const metric = `Multicolumn.${columns.map((c) => c.name).join(',')}.ColumnCorrelation`;
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [
      deviationQuery(ctx, q, columns, whereOf(rule), [
        [0, 1],
        [0, 0],
        [1, 1],
      ]),
    ],
    decide: (values) => {
      const n = values.num(`${q}_n`);
      if (n === null || n === 0) return fail(EMPTY_STATE, {});
      const sxy = values.num(`${q}_s01`) ?? 0;
      const denominator = Math.sqrt((values.num(`${q}_s00`) ?? 0) * (values.num(`${q}_s11`) ?? 0));
      // A constant column has no correlation: Deequ yields NaN, which no condition accepts.
      const value = denominator === 0 ? Number.NaN : sxy / denominator;
      const metrics = Number.isNaN(value) ? {} : { [metric]: value };
      return judge(!Number.isNaN(value) && test(value), value, metrics);
    },
  };
};
