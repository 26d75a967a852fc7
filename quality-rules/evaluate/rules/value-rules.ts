/**
 * Rules that test every value: ColumnValues, ColumnLength, DataFreshness. Each has a per-row test
 * (the row-level outcome) and is decided on the share of rows in scope that pass it: all of them,
 * or what `with threshold` asks. The metrics are the ones Glue reports for each form.
 */
import { type DqComparator, type DqRule, type Expr, sql as s, t } from '../../../core/index.js';
import { constraintMessage, fail, judge, nothingToEvaluate, pass, rowsPassedMessage } from '../decisions.js';
import {
  type LeafBuilder,
  type LeafPlan,
  type MetricValues,
  type PlanContext,
  RulePlanError,
  type SourceColumn,
  singleColumn,
} from '../leaf-plan.js';
import { countWhere, definite, double, tableQuery, whereOf, withinWhere } from '../metric-queries.js';
import { COMPARATORS, type NumberTest, numberTest } from '../number-condition.js';
import { durationMillis, numberOperand, resolveList, resolveOperand, timestampLiteral } from '../operands.js';
import { columnValueCheck, type ValueMetric } from './column-value-checks.js';

interface ScopedRule {
  readonly where: Expr | undefined;
  readonly threshold: NumberTest | undefined;
  readonly query: string;
}

function scope(rule: DqRule, ctx: PlanContext): ScopedRule {
  return {
    where: whereOf(rule),
    threshold: rule.threshold === undefined ? undefined : numberTest(ctx, rule.threshold, 'the threshold'),
    query: ctx.nextQueryName(),
  };
}

/** rows in scope, and how many pass; null when there is nothing to decide on. */
function ratioOf(values: MetricValues, q: string): number | null {
  const rows = values.num(`${q}_rows`);
  const passed = values.num(`${q}_passed`);
  if (rows === null || rows === 0 || passed === null) return null;
  return passed / rows;
}

function leaf(
  rule: DqRule,
  text: string,
  ctx: PlanContext,
  sc: ScopedRule,
  check: Expr,
  extra: Readonly<Record<string, Expr>>,
  decide: LeafPlan['decide'],
): LeafPlan {
  const items = { rows: double(s.call('count', s.star())), passed: double(countWhere(check)), ...extra };
  return {
    rule,
    text,
    row: withinWhere(check, sc.where),
    rowInComposite: sc.threshold === undefined,
    queries: [tableQuery(ctx, sc.query, items, [sc.where])],
    decide,
  };
}

const extremeItems = (metric: ValueMetric): Record<string, Expr> => {
  if (metric.kind !== 'minimum' && metric.kind !== 'maximum' && metric.kind !== 'extremes') return {};
  const value = double(metric.subject);
  return { min: s.call('min', value), max: s.call('max', value), nulls: double(countWhere(s.isNull(value))) };
};

export const columnValues: LeafBuilder = (rule, text, ctx) => {
  const column = singleColumn(rule, ctx);
  if (rule.condition === undefined) throw new RulePlanError('ColumnValues needs a condition');
  const { check, metric } = columnValueCheck(ctx, column, rule.condition);
  const sc = scope(rule, ctx);
  const op = rule.condition.kind === 'compare' ? rule.condition.op : '=';
  return leaf(rule, text, ctx, sc, check, extremeItems(metric), (values) => {
    const ratio = ratioOf(values, sc.query);
    if (ratio === null) return nothingToEvaluate(sc.where !== undefined);
    const compliance = { [`Column.${column.name}.ColumnValues.Compliance`]: ratio };
    if (sc.threshold !== undefined) return judge(sc.threshold(ratio), ratio, compliance);
    if (metric.kind === 'compliance') return judge(ratio === 1, ratio, compliance);
    if (metric.kind === 'pattern')
      return judge(ratio === 1, ratio, { [`Column.${column.name}.PatternMatch`]: ratio });
    const min = values.num(`${sc.query}_min`);
    const max = values.num(`${sc.query}_max`);
    const metrics: Record<string, number> = {};
    if (metric.kind !== 'maximum' && min !== null) metrics[`Column.${column.name}.Minimum`] = min;
    if (metric.kind !== 'minimum' && max !== null) metrics[`Column.${column.name}.Maximum`] = max;
    if (ratio === 1) return pass(metrics);
    // Glue checks the extreme values, and NULLs separately: a line for each that broke the rule, as
    // deequ words them (the minimum, the maximum, then NULL).
    const holds = COMPARATORS[op as DqComparator];
    const broken: (number | string)[] = [
      metric.kind !== 'maximum' ? min : null,
      metric.kind !== 'minimum' ? max : null,
    ]
      .filter((v): v is number => v !== null && !holds(v, metric.bound))
      .filter((v, i, all) => all.indexOf(v) === i);
    if ((values.num(`${sc.query}_nulls`) ?? 0) > 0 || broken.length === 0) broken.push('NULL');
    return fail(broken.map(constraintMessage).join('\n'), metrics);
  });
};

/** `ColumnLength`: NULL counts as length 0, as on Glue. */
export const columnLength: LeafBuilder = (rule, text, ctx) => {
  const column = singleColumn(rule, ctx);
  const condition = rule.condition;
  if (condition === undefined) throw new RulePlanError('ColumnLength needs a condition');
  const value = column.type.kind === 'string' ? s.col(column.name) : s.cast(s.col(column.name), t.string());
  const length = s.call('coalesce', s.call('length', value), s.lit(0));
  let check: Expr;
  switch (condition.kind) {
    case 'compare': {
      const n = numberOperand(ctx, condition.value);
      check = s.binary(condition.op === '!=' ? '<>' : condition.op, length, s.lit(n));
      break;
    }
    case 'between': {
      const [low, high] = [numberOperand(ctx, condition.low), numberOperand(ctx, condition.high)];
      check = condition.negated
        ? s.or(s.binary('<=', length, s.lit(low)), s.binary('>=', length, s.lit(high)))
        : s.and(s.binary('>', length, s.lit(low)), s.binary('<', length, s.lit(high)));
      break;
    }
    case 'in': {
      const items = resolveList(ctx, condition.values).map((o) => {
        if (o.kind !== 'number') throw new RulePlanError('ColumnLength compares lengths with numbers');
        return s.lit(o.value);
      });
      check = s.inList(length, items, condition.negated);
      break;
    }
    case 'matches':
      throw new RulePlanError('ColumnLength compares lengths with numbers; use ColumnValues for "matches"');
  }
  const sc = scope(rule, ctx);
  const extra = { min: double(s.call('min', length)), max: double(s.call('max', length)) };
  return leaf(rule, text, ctx, sc, definite(check), extra, (values) => {
    const ratio = ratioOf(values, sc.query);
    if (ratio === null) return nothingToEvaluate(sc.where !== undefined);
    const min = values.num(`${sc.query}_min`);
    const max = values.num(`${sc.query}_max`);
    const metrics: Record<string, number> = { [`Column.${column.name}.LengthCompliance`]: ratio };
    if (min !== null) metrics[`Column.${column.name}.MinimumLength`] = min;
    if (max !== null) metrics[`Column.${column.name}.MaximumLength`] = max;
    if (sc.threshold !== undefined) return judge(sc.threshold(ratio), ratio, metrics);
    return judge(ratio === 1, ratio, metrics);
  });
};

const FLIPPED: Readonly<Record<DqComparator, '=' | '<>' | '>' | '>=' | '<' | '<='>> = {
  '=': '=',
  '!=': '<>',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

function timestampOf(column: SourceColumn): Expr {
  const col = s.col(column.name);
  switch (column.type.kind) {
    case 'timestamp':
      return col;
    case 'date':
      return s.cast(col, t.timestamp());
    case 'string':
      return s.tryCast(col, t.timestamp());
    default:
      throw new RulePlanError(
        `DataFreshness needs a date or timestamp column; "${column.name}" is ${column.type.kind}`,
      );
  }
}

/**
 * `DataFreshness "c" <= 24 hours`: the age `now() - c` of each value. `age <= 24 hours` is
 * `c >= now() - 24 hours`, so the test compares the column with an instant computed at plan time.
 */
export const dataFreshness: LeafBuilder = (rule, text, ctx) => {
  const column = singleColumn(rule, ctx);
  const condition = rule.condition;
  if (condition === undefined) throw new RulePlanError('DataFreshness needs a condition');
  const ts = timestampOf(column);
  const ago = (o: Parameters<typeof resolveOperand>[1]): Expr => {
    const d = resolveOperand(ctx, o);
    if (d.kind !== 'duration')
      throw new RulePlanError(`DataFreshness compares ages with durations such as 24 hours`);
    return timestampLiteral(new Date(ctx.now.getTime() - durationMillis(d.amount, d.unit)));
  };
  let check: Expr;
  switch (condition.kind) {
    case 'compare':
      check = s.binary(FLIPPED[condition.op], ts, ago(condition.value));
      break;
    case 'between': {
      const [low, high] = [ago(condition.low), ago(condition.high)];
      check = condition.negated
        ? s.or(s.binary('>=', ts, low), s.binary('<=', ts, high))
        : s.and(s.binary('<', ts, low), s.binary('>', ts, high));
      break;
    }
    case 'in': {
      if (!Array.isArray(condition.values))
        throw new RulePlanError('DataFreshness "in" needs a list of durations');
      check = s.inList(ts, condition.values.map(ago), condition.negated);
      break;
    }
    case 'matches':
      throw new RulePlanError('DataFreshness compares ages with durations');
  }
  const sc = scope(rule, ctx);
  return leaf(rule, text, ctx, sc, definite(check), {}, (values) => {
    const ratio = ratioOf(values, sc.query);
    // Glue's DataFreshness passes when no row is in scope, filtered or not.
    if (ratio === null) return nothingToEvaluate(true);
    const metrics = { [`Column.${column.name}.DataFreshness.Compliance`]: ratio };
    if (sc.threshold !== undefined) return judge(sc.threshold(ratio), ratio, metrics);
    return ratio === 1 ? pass(metrics) : fail(rowsPassedMessage(ratio), metrics);
  });
};
