/**
 * The staged rows a dimension or fact loads: every row, or, with `latestBy` (a timestamp history's
 * `updatedAt` by default), one row per key. A dataset an incremental job appends to run after run
 * holds several rows of a key (a customer changed twice, an order line sent again); the load reads
 * the one with the greatest `latestBy`.
 *
 * `ROW_NUMBER() OVER (PARTITION BY key ORDER BY latestBy DESC NULLS LAST, …) = 1` in a subquery,
 * the same text on Redshift and PostgreSQL. Ties on `latestBy` are broken by the other columns the
 * table reads, in order, so the row kept does not depend on the order rows were staged in: two rows
 * still tied are equal in everything the load reads from them.
 */
import {
  type Dimension,
  type Fact,
  type FromItem,
  latestByOf,
  sql as s,
  sourceColumnsOf,
} from '../core/index.js';
import { STAGED } from './load-parts.js';
import type { StagingSource } from './star.js';

const RANKED = 'ranked';
/** Each staged row's place among its key's rows, latest first. */
const RANK = 'latest_rank';

/** The key a table's rows are de-duplicated on: a dimension's natural key, a fact's grain. */
const keyOf = (table: Dimension | Fact): string =>
  table.kind === 'dimension' ? table.naturalKey.source : table.key.source;

/** The rows `table` reads from its staging table, aliased `staged`: all, or the latest of each key. */
export function latestRows(source: StagingSource, table: Dimension | Fact): FromItem {
  const by = latestByOf(table);
  if (by === undefined) return s.fromTable(source.table, STAGED);
  const key = keyOf(table);
  const ties = sourceColumnsOf(table).filter((c) => c !== key && c !== by);
  const rank = s.over(
    s.call('row_number'),
    [s.col(key)],
    [s.desc(s.col(by), 'last'), ...ties.map((c) => s.asc(s.col(c), 'last'))],
  );
  const names = source.columns.map((c) => c.name);
  const ranked = s.select({
    items: [...names.map((n) => s.item(s.col(n))), s.item(rank, RANK)],
    from: s.fromTable(source.table),
  });
  return s.fromQuery(
    s.select({
      items: names.map((n) => s.item(s.col(n, RANKED))),
      from: s.fromQuery(ranked, RANKED),
      where: s.eq(s.col(RANK, RANKED), s.lit(1)),
    }),
    STAGED,
  );
}
