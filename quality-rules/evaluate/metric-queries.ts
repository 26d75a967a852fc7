/**
 * The queries rules read their metrics from, all over the evaluated table and each returning one
 * row. Counts and sums are cast to DOUBLE so every engine hands back plain numbers.
 */
import { type DqRule, type Expr, type SelectItem, sql as s, t } from '../../core/index.js';
import type { PlanContext } from './leaf-plan.js';
import { sparkSqlText } from './spark-sql-text.js';
import type { MetricQuery } from './types.js';

export const double = (e: Expr): Expr => s.cast(e, t.double());
export const countWhere = (condition: Expr): Expr =>
  // biome-ignore lint/suspicious/noThenProperty: the IR's CASE branch is named `then`, as in SQL
  s.call('sum', s.caseWhen([{ when: condition, then: s.lit(1) }], s.lit(0)));

/** The rule's `where` predicate, as an IR node, or undefined. */
export const whereOf = (rule: DqRule): Expr | undefined =>
  rule.where === undefined ? undefined : sparkSqlText(rule.where);

/** `CASE WHEN <where> THEN <check> ELSE TRUE END`: rows the where clause leaves out pass, as on Glue. */
export const withinWhere = (check: Expr, where: Expr | undefined): Expr =>
  // biome-ignore lint/suspicious/noThenProperty: the IR's CASE branch is named `then`, as in SQL
  where === undefined ? check : s.caseWhen([{ when: where, then: check }], s.lit(true));

/** A NULL-free test: NULL (unknown) counts as failing. */
export const definite = (e: Expr): Expr => s.call('coalesce', e, s.lit(false));

const conjunction = (parts: (Expr | undefined)[]): Expr | undefined => {
  const present = parts.filter((p): p is Expr => p !== undefined);
  return present.length === 0 ? undefined : s.and(...present);
};

/** A one-row query over the evaluated table; item aliases are prefixed with the query's name. */
export function tableQuery(
  ctx: PlanContext,
  name: string,
  items: Readonly<Record<string, Expr>>,
  filters: (Expr | undefined)[] = [],
): MetricQuery {
  const where = conjunction(filters);
  return {
    name,
    query: s.select({
      items: Object.entries(items).map(([alias, e]): SelectItem => s.item(e, `${name}_${alias}`)),
      from: s.fromTable(ctx.source.table),
      ...(where === undefined ? {} : { where }),
    }),
  };
}

/**
 * Frequencies of the value combinations of `columns`, as Deequ counts them for Uniqueness and
 * friends: rows where every column is NULL are left out, rows in scope are the rest. One row with
 * `distinct` (groups), `unique` (groups of one row), `rows` and `clnc` (Σ count·ln count, for Entropy).
 */
export function frequencyQuery(
  ctx: PlanContext,
  name: string,
  columns: readonly string[],
  where: Expr | undefined,
): MetricQuery {
  const cols = columns.map((c) => s.col(c));
  const anyValue = s.or(...cols.map((c) => s.isNotNull(c)));
  const count = s.col('__count', '__frequencies');
  const groups = s.select({
    items: [s.item(s.call('count', s.star()), '__count')],
    from: s.fromTable(ctx.source.table),
    where: where === undefined ? anyValue : s.and(anyValue, where),
    groupBy: cols,
  });
  const items: Record<string, Expr> = {
    distinct: double(s.call('count', s.star())),
    unique: double(countWhere(s.eq(count, s.lit(1)))),
    rows: double(s.call('sum', count)),
    clnc: double(s.call('sum', s.binary('*', count, s.call('ln', count)))),
  };
  return {
    name,
    query: s.select({
      items: Object.entries(items).map(([alias, e]) => s.item(e, `${name}_${alias}`)),
      from: s.fromQuery(groups, '__frequencies'),
    }),
  };
}
