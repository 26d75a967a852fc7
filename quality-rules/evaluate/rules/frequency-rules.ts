/**
 * Rules on value frequencies, computed as Deequ computes them (Glue's engine): rows whose columns
 * are all NULL are left out entirely, so NULLs never make a column less unique.
 *   Uniqueness = values seen once / rows in scope;  UniqueValueRatio = values seen once / distinct values;
 *   DistinctValuesCount = distinct values, NULL among them;  Entropy = -Σ p·ln p with p = count / rows in scope.
 * IsPrimaryKey is IsUnique plus IsComplete on each column.
 */
import { sql as s } from '../../../core/index.js';
import { constraintMessage, EMPTY_STATE, fail, judge, pass } from '../decisions.js';
import {
  type LeafBuilder,
  type MetricValues,
  type PlanContext,
  RulePlanError,
  resolveColumn,
  stringParameters,
} from '../leaf-plan.js';
import { countWhere, double, frequencyQuery, tableQuery, whereOf } from '../metric-queries.js';
import { numberTest } from '../number-condition.js';

interface Frequencies {
  readonly distinct: number;
  readonly unique: number;
  readonly rows: number;
  readonly clnc: number;
}

function readFrequencies(values: MetricValues, q: string): Frequencies | null {
  const rows = values.num(`${q}_rows`);
  if (rows === null || rows === 0) return null;
  return {
    rows,
    distinct: values.num(`${q}_distinct`) ?? 0,
    unique: values.num(`${q}_unique`) ?? 0,
    clnc: values.num(`${q}_clnc`) ?? 0,
  };
}

function columnsOf(rule: Parameters<LeafBuilder>[0], ctx: PlanContext): string[] {
  const names = stringParameters(rule, ctx).map((n) => resolveColumn(ctx, n).name);
  if (names.length === 0) throw new RulePlanError(`${rule.ruleType} needs at least one column`);
  return names;
}

/** `Column.a.X` for one column, `Multicolumn.a,b.X` for several. */
const metricName = (columns: readonly string[], name: string): string =>
  columns.length === 1 ? `Column.${columns[0]}.${name}` : `Multicolumn.${columns.join(',')}.${name}`;

type Statistic = (f: Frequencies) => number | null;

/** A rule comparing one frequency statistic with its condition (or with 1, for IsUnique). */
function frequencyRule(metric: string, statistic: Statistic, fixed?: (v: number) => boolean): LeafBuilder {
  return (rule, text, ctx) => {
    const columns = columnsOf(rule, ctx);
    const test = fixed ?? numberTest(ctx, rule.condition, rule.ruleType);
    const q = ctx.nextQueryName();
    return {
      rule,
      text,
      rowInComposite: false,
      queries: [frequencyQuery(ctx, q, columns, whereOf(rule))],
      decide: (values) => {
        const f = readFrequencies(values, q);
        const value = f === null ? null : statistic(f);
        if (value === null) return fail(EMPTY_STATE, {});
        return judge(test(value), value, { [metricName(columns, metric)]: value });
      },
    };
  };
}

const uniqueness = (f: Frequencies): number => f.unique / f.rows;

export const isUnique = frequencyRule('Uniqueness', uniqueness, (v) => v === 1);
export const uniquenessRule = frequencyRule('Uniqueness', uniqueness);
export const uniqueValueRatio = frequencyRule('UniqueValueRatio', (f) =>
  f.distinct === 0 ? null : f.unique / f.distinct,
);
export const entropy = frequencyRule('Entropy', (f) => Math.log(f.rows) - f.clnc / f.rows);

/**
 * Counting distinct values needs no row in scope: an empty column has 0 of them. Unlike the other
 * frequencies, a NULL counts as one value more when some row in scope has it, as deequ's
 * CountDistinct does (tests/parity/dqdl-evaluator.test.ts).
 */
export const distinctValuesCount: LeafBuilder = (rule, text, ctx) => {
  const columns = columnsOf(rule, ctx);
  const test = numberTest(ctx, rule.condition, rule.ruleType);
  const q = ctx.nextQueryName();
  const nq = ctx.nextQueryName();
  const allNull = columns.map((c) => s.isNull(s.col(c))).reduce((a, b) => s.and(a, b));
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [
      frequencyQuery(ctx, q, columns, whereOf(rule)),
      tableQuery(ctx, nq, { nulls: double(countWhere(allNull)) }, [whereOf(rule)]),
    ],
    decide: (values) => {
      const distinct = (values.num(`${q}_distinct`) ?? 0) + ((values.num(`${nq}_nulls`) ?? 0) > 0 ? 1 : 0);
      // A count, which deequ writes as the long it is (`Value: 4`).
      return judge(test(distinct), String(distinct), {
        [metricName(columns, 'DistinctValuesCount')]: distinct,
      });
    },
  };
};

export const isPrimaryKey: LeafBuilder = (rule, text, ctx) => {
  const columns = columnsOf(rule, ctx);
  const where = whereOf(rule);
  const fq = ctx.nextQueryName();
  const cq = ctx.nextQueryName();
  const completeItems = Object.fromEntries([
    ['rows', double(s.call('count', s.star()))],
    ...columns.map((c, i) => [`complete${i}`, double(countWhere(s.isNotNull(s.col(c))))]),
  ]);
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [frequencyQuery(ctx, fq, columns, where), tableQuery(ctx, cq, completeItems, [where])],
    decide: (values) => {
      const rows = values.num(`${cq}_rows`);
      const f = readFrequencies(values, fq);
      if (rows === null || rows === 0) return fail(EMPTY_STATE, {});
      const metrics: Record<string, number> = {};
      const u = f === null ? 0 : uniqueness(f);
      metrics[metricName(columns, 'Uniqueness')] = u;
      const completeness = columns.map((c, i) => {
        const ratio = (values.num(`${cq}_complete${i}`) ?? 0) / rows;
        metrics[`Column.${c}.Completeness`] = ratio;
        return ratio;
      });
      const incomplete = completeness.find((r) => r !== 1);
      if (incomplete !== undefined) return fail(constraintMessage(incomplete), metrics);
      return u === 1 ? pass(metrics) : fail(constraintMessage(u), metrics);
    },
  };
};
