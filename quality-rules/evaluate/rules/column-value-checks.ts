/**
 * The per-value test of a `ColumnValues` condition, NULL-free, with Glue's NULL rule: a NULL value
 * fails every condition except `!=` and `not in`, which pass it unless NULL is named
 * (`!= NULL`, `not in [..., NULL]`). `between` excludes both ends. `matches` must match the whole
 * value (DuckDB reads the pattern as RE2, Glue as a Java regex: see README).
 */
import {
  type DqComparator,
  type DqCondition,
  type Expr,
  isNumericType,
  sql as s,
  t,
} from '../../../core/index.js';
import { type PlanContext, RulePlanError, type SourceColumn } from '../leaf-plan.js';
import { definite } from '../metric-queries.js';
import { comparable, describeOperand, type PlainOperand, resolveList, resolveOperand } from '../operands.js';

/** Which metrics Glue reports for the condition: the extremes, or the share of passing values. */
export type ValueMetric =
  | { readonly kind: 'minimum' | 'maximum' | 'extremes'; readonly subject: Expr; readonly bound: number }
  | { readonly kind: 'compliance' }
  | { readonly kind: 'pattern' };

export interface ValueCheck {
  readonly check: Expr;
  readonly metric: ValueMetric;
}

const SQL_OPS: Readonly<Record<DqComparator, '=' | '<>' | '>' | '>=' | '<' | '<='>> = {
  '=': '=',
  '!=': '<>',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
};

const asText = (column: SourceColumn): Expr =>
  column.type.kind === 'string' ? s.col(column.name) : s.cast(s.col(column.name), t.string());

/** `WHITESPACES_ONLY`: not empty, and nothing but spaces. */
const whitespacesOnly = (text: Expr): Expr =>
  s.and(
    s.eq(s.call('length', s.call('trim', text)), s.lit(0)),
    s.binary('>', s.call('length', text), s.lit(0)),
  );

function requireText(column: SourceColumn, o: PlainOperand): void {
  if (column.type.kind !== 'string')
    throw new RulePlanError(
      `${describeOperand(o)} applies to string columns; "${column.name}" is ${column.type.kind}`,
    );
}

function compareCheck(
  ctx: PlanContext,
  column: SourceColumn,
  op: DqComparator,
  operand: PlainOperand,
): ValueCheck {
  const col = s.col(column.name);
  const compliance = { kind: 'compliance' } as const;
  if (operand.kind === 'null') {
    if (op === '=') return { check: s.isNull(col), metric: compliance };
    if (op === '!=') return { check: s.isNotNull(col), metric: compliance };
    throw new RulePlanError(`NULL can only be compared with = or !=`);
  }
  if (operand.kind === 'empty' || operand.kind === 'whitespacesOnly') {
    requireText(column, operand);
    const matches = operand.kind === 'empty' ? s.eq(col, s.lit('')) : whitespacesOnly(col);
    if (op === '=') return { check: definite(matches), metric: compliance };
    if (op === '!=') return { check: definite(s.or(s.isNull(col), s.not(matches))), metric: compliance };
    throw new RulePlanError(`${describeOperand(operand)} can only be compared with = or !=`);
  }
  const { subject, value } = comparable(ctx, column, operand);
  const test = s.binary(SQL_OPS[op], subject, value);
  if (op === '!=') return { check: definite(s.or(s.isNull(col), test)), metric: compliance };
  const numeric = operand.kind === 'number' && isNumericType(column.type);
  const bound = operand.kind === 'number' ? operand.value : 0;
  const metric: ValueMetric = !numeric
    ? compliance
    : op === '>' || op === '>='
      ? { kind: 'minimum', subject, bound }
      : op === '<' || op === '<='
        ? { kind: 'maximum', subject, bound }
        : { kind: 'extremes', subject, bound };
  return { check: definite(test), metric };
}

function betweenCheck(
  ctx: PlanContext,
  column: SourceColumn,
  condition: Extract<DqCondition, { kind: 'between' }>,
): ValueCheck {
  const low = comparable(ctx, column, resolveOperand(ctx, condition.low));
  const high = comparable(ctx, column, resolveOperand(ctx, condition.high));
  const inside = s.and(s.binary('>', low.subject, low.value), s.binary('<', high.subject, high.value));
  const outside = s.or(s.binary('<=', low.subject, low.value), s.binary('>=', high.subject, high.value));
  return { check: definite(condition.negated ? outside : inside), metric: { kind: 'compliance' } };
}

function inCheck(
  ctx: PlanContext,
  column: SourceColumn,
  condition: Extract<DqCondition, { kind: 'in' }>,
): ValueCheck {
  const col = s.col(column.name);
  const items = resolveList(ctx, condition.values);
  const hasNull = items.some((o) => o.kind === 'null');
  const keywordTests: Expr[] = [];
  // Values compared alike share one IN list; a string column listed with numbers casts for those.
  const groups = new Map<string, { subject: Expr; values: Expr[] }>();
  for (const item of items) {
    if (item.kind === 'null') continue;
    if (item.kind === 'empty' || item.kind === 'whitespacesOnly') {
      requireText(column, item);
      keywordTests.push(item.kind === 'empty' ? s.eq(col, s.lit('')) : whitespacesOnly(col));
      continue;
    }
    const { subject, value } = comparable(ctx, column, item);
    const key = JSON.stringify(subject);
    const group = groups.get(key) ?? { subject, values: [] };
    group.values.push(value);
    groups.set(key, group);
  }
  const listTests = [...groups.values()].map((g) => s.inList(g.subject, g.values, condition.negated));
  const compliance = { kind: 'compliance' } as const;
  if (!condition.negated) {
    const tests = [...(hasNull ? [s.isNull(col)] : []), ...keywordTests, ...listTests];
    return { check: tests.length === 0 ? s.lit(false) : definite(s.or(...tests)), metric: compliance };
  }
  const excluded = [...keywordTests.map((k) => s.not(k)), ...listTests];
  if (hasNull) {
    const check = excluded.length === 0 ? s.isNotNull(col) : s.and(s.isNotNull(col), ...excluded);
    return { check: definite(check), metric: compliance };
  }
  return {
    check: excluded.length === 0 ? s.lit(true) : definite(s.or(s.isNull(col), s.and(...excluded))),
    metric: compliance,
  };
}

function matchesCheck(
  ctx: PlanContext,
  column: SourceColumn,
  condition: Extract<DqCondition, { kind: 'matches' }>,
): ValueCheck {
  const pattern = resolveOperand(ctx, condition.pattern);
  if (pattern.kind !== 'string')
    throw new RulePlanError(`matches needs a pattern string, found ${describeOperand(pattern)}`);
  const whole = s.call('regexp_like', asText(column), s.lit(`^(?:${pattern.value})$`));
  return { check: definite(condition.negated ? s.not(whole) : whole), metric: { kind: 'pattern' } };
}

export function columnValueCheck(ctx: PlanContext, column: SourceColumn, condition: DqCondition): ValueCheck {
  switch (condition.kind) {
    case 'compare':
      return compareCheck(ctx, column, condition.op, resolveOperand(ctx, condition.value));
    case 'between':
      return betweenCheck(ctx, column, condition);
    case 'in':
      return inCheck(ctx, column, condition);
    case 'matches':
      return matchesCheck(ctx, column, condition);
  }
}
