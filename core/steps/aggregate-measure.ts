/**
 * A measure of an aggregate step: one aggregate function over a column (or the group's rows, for
 * `count`), its output name and type. The type defaults to what both engines agree the function
 * gives; a declared type is converted to, and a group whose value does not fit is quarantined.
 */
import type { SchemaColumn } from '../model/schema.js';
import { type DataType, type Expr, sql, t } from '../sql/index.js';
import { closed, DataTypeSchema, Identifier, type JsonSchema, literals } from './json-schema.js';

export const MEASURE_FNS = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max'] as const;
export type MeasureFn = (typeof MEASURE_FNS)[number];

export interface Measure {
  /** The output column. */
  readonly name: string;
  readonly fn: MeasureFn;
  /** The column aggregated; NULL for `count` of the group's rows. */
  readonly column: string | null;
  /** The output type; NULL for the function's own (see `measureType`). */
  readonly type: DataType | null;
}

/** `measure('enrollments', 'count')`, `measure('avg_marks', 'avg', 'marks', t.decimal(7, 2))`. */
export const measure = (name: string, fn: MeasureFn, column?: string, type?: DataType): Measure =>
  Object.freeze({ name, fn, column: column ?? null, type: type ?? null });

export const MeasureSchema: JsonSchema = closed({
  name: Identifier,
  fn: literals(MEASURE_FNS),
  column: { anyOf: [Identifier, { type: 'null' }] },
  type: { anyOf: [DataTypeSchema, { type: 'null' }] },
});

/** Functions whose column must hold numbers. */
export const NUMERIC_FNS: ReadonlySet<MeasureFn> = new Set(['sum', 'avg']);

/**
 * The type of a measure over a column of type `input`. Without a declared type: a count is a
 * BIGINT, an average a DOUBLE (DuckDB's avg of a decimal is one, Spark's is cast to it), a sum of
 * integers a BIGINT and of decimals DECIMAL(38, scale), as both engines widen it; min and max keep
 * the column's type.
 */
export function measureType(m: Measure, input: DataType | undefined): DataType {
  if (m.type !== null) return m.type;
  if (m.fn === 'count' || m.fn === 'count_distinct') return t.bigint();
  if (m.fn === 'avg') return t.double();
  if (input === undefined) return t.double();
  if (m.fn === 'sum') {
    if (input.kind === 'decimal') return t.decimal(38, input.scale);
    return input.kind === 'int' || input.kind === 'bigint' ? t.bigint() : t.double();
  }
  return input;
}

/** The output column a measure declares, from the column it reads. */
export function measureColumn(m: Measure, input: SchemaColumn | undefined): SchemaColumn {
  const type = measureType(m, input?.type);
  // min and max of a column of personal data are values of it: still personal data.
  const pii = (m.fn === 'min' || m.fn === 'max') && input?.pii !== undefined ? { pii: input.pii } : {};
  return { name: m.name, type, nullable: m.fn !== 'count' && m.fn !== 'count_distinct', ...pii };
}

/** The aggregate call over the group's rows, in the view's columns. */
export function measureExpr(m: Measure): Expr {
  if (m.column === null) return sql.call('count');
  return sql.call(m.fn, sql.col(m.column));
}
