/**
 * DQDL operands → values the SQL can compare a column with. Constants (`$name`) are resolved here;
 * dynamic operands (`avg(last(5))`) need the metrics of earlier runs, which a local run does not
 * have, and are refused with a message saying so.
 */
import { type DataType, type DqOperand, type Expr, isNumericType, sql as s, t } from '../../core/index.js';
import { type PlanContext, RulePlanError, type SourceColumn } from './leaf-plan.js';

/** Operands with variables resolved: never `variable`, `call` or `arithmetic`. */
export type PlainOperand = Exclude<DqOperand, { kind: 'variable' | 'call' | 'arithmetic' }>;

const DYNAMIC =
  'dynamic rules (last(), avg(), …) compare with the metrics of earlier runs, which the local evaluator does not keep';

export function resolveOperand(ctx: PlanContext, operand: DqOperand): PlainOperand {
  if (operand.kind === 'call' || operand.kind === 'arithmetic') throw new RulePlanError(DYNAMIC);
  if (operand.kind !== 'variable') return operand;
  const value = ctx.variables.get(operand.name);
  if (value === undefined)
    throw new RulePlanError(`the constant $${operand.name} is not defined in the ruleset`);
  if (Array.isArray(value))
    throw new RulePlanError(`the constant $${operand.name} is a list, not a single value`);
  return resolveOperand(ctx, value as DqOperand);
}

/** The items of an `in` list: a literal list or a list constant. */
export function resolveList(ctx: PlanContext, values: readonly DqOperand[] | DqOperand): PlainOperand[] {
  if (Array.isArray(values)) return values.map((v) => resolveOperand(ctx, v as DqOperand));
  const ref = values as DqOperand;
  if (ref.kind !== 'variable') return [resolveOperand(ctx, ref)];
  const value = ctx.variables.get(ref.name);
  if (value === undefined) throw new RulePlanError(`the constant $${ref.name} is not defined in the ruleset`);
  const items: readonly DqOperand[] = Array.isArray(value) ? value : [value as DqOperand];
  return items.map((v) => resolveOperand(ctx, v));
}

export function numberOperand(ctx: PlanContext, operand: DqOperand): number {
  const o = resolveOperand(ctx, operand);
  if (o.kind === 'number') return o.value;
  throw new RulePlanError(`expected a number, found ${describeOperand(o)}`);
}

export function describeOperand(o: PlainOperand): string {
  switch (o.kind) {
    case 'string':
      return `the string "${o.value}"`;
    case 'number':
      return `the number ${o.value}`;
    case 'null':
      return 'NULL';
    case 'empty':
      return 'EMPTY';
    case 'whitespacesOnly':
      return 'WHITESPACES_ONLY';
    case 'duration':
      return `the duration ${o.amount} ${o.unit}`;
    case 'size':
      return `the size ${o.amount} ${o.unit}`;
    case 'now':
      return 'now()';
  }
}

const MILLIS: Readonly<Record<'minutes' | 'hours' | 'days', number>> = {
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

export const durationMillis = (amount: number, unit: 'minutes' | 'hours' | 'days'): number =>
  amount * MILLIS[unit];

/** `now()` or `(now() - 3 days)` as an instant. */
export function instantOf(ctx: PlanContext, o: Extract<PlainOperand, { kind: 'now' }>): Date {
  if (o.offset === undefined) return ctx.now;
  const delta = durationMillis(o.offset.amount, o.offset.unit);
  return new Date(ctx.now.getTime() + (o.offset.sign === '+' ? delta : -delta));
}

/** UTC, as Glue's Spark session reads timestamps: `2024-05-01 13:45:00.000`. */
export const timestampText = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');
export const dateText = (d: Date): string => d.toISOString().slice(0, 10);

export const timestampLiteral = (d: Date): Expr => s.cast(s.lit(timestampText(d)), t.timestamp());

const isTemporal = (type: DataType): boolean => type.kind === 'date' || type.kind === 'timestamp';

/** What the column is compared as, and the literal for each operand. */
export interface Comparison {
  readonly subject: Expr;
  readonly value: Expr;
}

/**
 * The column and an operand made comparable, as Spark would read them: a number against a string
 * column casts the column (a value that is no number becomes NULL and fails), a date string
 * against a date column casts the string, `now()` against a date column compares dates.
 */
export function comparable(ctx: PlanContext, column: SourceColumn, o: PlainOperand): Comparison {
  const col = s.col(column.name);
  const { type } = column;
  switch (o.kind) {
    case 'number':
      if (isNumericType(type)) return { subject: col, value: s.lit(o.value) };
      if (type.kind === 'string') return { subject: s.tryCast(col, t.double()), value: s.lit(o.value) };
      break;
    case 'string':
      if (type.kind === 'string') return { subject: col, value: s.lit(o.value) };
      if (isNumericType(type)) {
        const n = Number(o.value);
        if (o.value.trim() !== '' && Number.isFinite(n)) return { subject: col, value: s.lit(n) };
        break;
      }
      if (type.kind === 'boolean' && /^(true|false)$/i.test(o.value))
        return { subject: col, value: s.lit(o.value.toLowerCase() === 'true') };
      if (type.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(o.value))
        return { subject: col, value: s.cast(s.lit(o.value), t.date()) };
      if (type.kind === 'timestamp' && /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(o.value))
        return { subject: col, value: s.cast(s.lit(o.value.replace('T', ' ')), t.timestamp()) };
      break;
    case 'now':
      return comparableInstant(column, instantOf(ctx, o));
    default:
      break;
  }
  throw new RulePlanError(
    `cannot compare the ${type.kind} column "${column.name}" with ${describeOperand(o)}${
      isTemporal(type) && o.kind === 'string' ? ' (dates are written "yyyy-MM-dd")' : ''
    }`,
  );
}

/** `now()` operands against the column: dates compare by day, timestamps and text by instant. */
export function comparableInstant(column: SourceColumn, at: Date): Comparison {
  const col = s.col(column.name);
  switch (column.type.kind) {
    case 'date':
      return { subject: col, value: s.cast(s.lit(dateText(at)), t.date()) };
    case 'timestamp':
      return { subject: col, value: timestampLiteral(at) };
    case 'string':
      return { subject: s.tryCast(col, t.timestamp()), value: timestampLiteral(at) };
    default:
      throw new RulePlanError(`cannot compare the ${column.type.kind} column "${column.name}" with now()`);
  }
}
