/**
 * Lowering passes: rewrite a query into an equivalent one a dialect can express (sqlglot's
 * transforms). They are pure functions from IR to IR, so each is tested on its own.
 */
import { UnsupportedFeatureError } from './errors.js';
import type { Expr, FromItem, Join, Select, SelectItem } from './nodes.js';

const QUALIFY_FLAG = '__qualify';
const QUALIFY_ALIAS = '__qualified';

/** The output name of a select item, when it has one every dialect agrees on. */
function outputName(item: SelectItem): string | undefined {
  if (item.alias !== undefined) return item.alias;
  if (item.expr.kind === 'column') return item.expr.name;
  return undefined;
}

/**
 * `SELECT items FROM ... QUALIFY cond` →
 * `SELECT names FROM (SELECT items, cond AS __qualify FROM ...) AS __qualified WHERE __qualify`.
 * The outer query must name the columns it keeps (so the flag is not returned), hence every item
 * needs a name: a `*` or an unnamed expression is refused rather than leaking the flag column.
 */
export function lowerQualify(query: Select, dialect: string): Select {
  if (query.qualify === undefined) return query;
  const names = query.items.map((item) => {
    const name = outputName(item);
    if (name === undefined) {
      throw new UnsupportedFeatureError(
        dialect,
        'QUALIFY over SELECT * or unnamed expressions (list and name the columns so the query can be rewritten)',
      );
    }
    return name;
  });
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new UnsupportedFeatureError(
      dialect,
      `QUALIFY over two output columns named "${duplicate}" (alias one)`,
    );
  }
  const { qualify, orderBy, limit, distinct, ...rest } = query;
  const inner: Select = Object.freeze({
    ...rest,
    items: Object.freeze([...query.items, Object.freeze({ expr: qualify, alias: QUALIFY_FLAG })]),
  });
  return Object.freeze({
    kind: 'select',
    ...(distinct === undefined ? {} : { distinct }),
    items: Object.freeze(names.map((name) => Object.freeze({ expr: columnOf(name, QUALIFY_ALIAS) }))),
    from: Object.freeze({ kind: 'fromQuery', query: inner, alias: QUALIFY_ALIAS }),
    where: columnOf(QUALIFY_FLAG, QUALIFY_ALIAS),
    ...(orderBy === undefined ? {} : { orderBy }),
    ...(limit === undefined ? {} : { limit }),
  } satisfies Select);
}

const columnOf = (name: string, table: string): Expr => Object.freeze({ kind: 'column', name, table });

/**
 * Semi and anti joins → `[NOT] EXISTS (SELECT 1 FROM item WHERE on)` in WHERE. A semi/anti join
 * adds no columns to the result, so moving it into the filter keeps the query's meaning.
 */
export function lowerSemiAntiJoins(query: Select): Select {
  const joins = query.joins ?? [];
  if (!joins.some((j) => j.type === 'semi' || j.type === 'anti')) return query;
  const kept: Join[] = [];
  const filters: Expr[] = query.where === undefined ? [] : [query.where];
  for (const join of joins) {
    if (join.type === 'semi' || join.type === 'anti') {
      filters.push(existsFor(join.item, join.on, join.type === 'anti'));
    } else {
      kept.push(join);
    }
  }
  const where = filters.reduce(
    (acc, e) => Object.freeze({ kind: 'binary', op: 'and', left: acc, right: e }) as Expr,
  );
  const { joins: _joins, where: _where, ...rest } = query;
  return Object.freeze({ ...rest, ...(kept.length === 0 ? {} : { joins: Object.freeze(kept) }), where });
}

function existsFor(item: FromItem, on: Expr, negated: boolean): Expr {
  const probe: Select = Object.freeze({
    kind: 'select',
    items: Object.freeze([Object.freeze({ expr: Object.freeze({ kind: 'literal', value: 1 }) })]),
    from: item,
    where: on,
  });
  return Object.freeze({ kind: 'exists', query: probe, negated });
}
