/** The SQL pieces every step shares: bookkeeping columns, reasons, the kept-row predicate. */
import { compile, type Expr, type Join, type Select, type SelectItem, sql } from '../sql/index.js';
import { type EngineSql, PLAN_COLUMNS, REASON_SEPARATOR } from './plan-types.js';

const C = PLAN_COLUMNS;

/** Carried unchanged through every step, after the data columns. */
export const BOOKKEEPING = [C.row, C.raw, C.reasons, C.duplicate] as const;

export const stepView = (index: number): string => `step_${index}`;

export const engineSql = (query: Select): EngineSql =>
  Object.freeze({ spark: compile(query, 'spark'), duckdb: compile(query, 'duckdb') });

/** `name` (or `table.name`) selected under its own name. */
export const passColumn = (name: string, table?: string): SelectItem => sql.item(sql.col(name, table), name);

export const passColumns = (names: readonly string[], table?: string): SelectItem[] =>
  names.map((n) => passColumn(n, table));

/**
 * The reasons after a step: the row's earlier reasons followed by this step's (each NULL unless it
 * applies). concat_ws skips NULLs in both engines; an all-NULL result is the empty string, hence nullif.
 */
export function withReasons(existing: Expr, added: readonly Expr[]): Expr {
  if (added.length === 0) return existing;
  return sql.call(
    'nullif',
    sql.call('concat_ws', sql.lit(REASON_SEPARATOR), existing, ...added),
    sql.lit(''),
  );
}

/** A `WHEN … THEN …` branch of a CASE. */
export const branch = (when: Expr, then: Expr) => ({ when, then });

/** `CASE WHEN condition THEN 'reason' END`: NULL when the condition does not hold. */
export const reasonWhen = (condition: Expr, reason: string): Expr =>
  sql.caseWhen([branch(condition, sql.lit(reason))]);

/** Neither rejected nor an older duplicate: what is written, and what quality rules judge. */
export const isKept = (table?: string): Expr =>
  sql.and(sql.isNull(sql.col(C.reasons, table)), sql.not(sql.col(C.duplicate, table)));

export const isRejected = (table?: string): Expr =>
  sql.and(sql.isNotNull(sql.col(C.reasons, table)), sql.not(sql.col(C.duplicate, table)));

export const leftJoin = (item: Join['item'], on: Expr): Join => Object.freeze({ type: 'left', item, on });

/** `SELECT <columns> FROM <view> [WHERE ...]`. */
export function selectFrom(view: string, items: readonly SelectItem[], where?: Expr): Select {
  return sql.select({
    items,
    from: sql.fromTable(sql.table(view)),
    ...(where === undefined ? {} : { where }),
  });
}
