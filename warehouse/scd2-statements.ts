/**
 * The load of a dimension with SCD Type 2 history, as dbt's snapshot materialization does it: the
 * changes are found first, against the dimension as it was before the load, and staged in
 * `<dimension>_changes`; then an UPDATE closes the versions they end and an INSERT opens the new
 * ones. Redshift's MERGE cannot say this (a matched row is updated at most once, never closed and
 * inserted again), so both dialects get UPDATE … FROM and INSERT … SELECT, statement for statement.
 *
 * A change row holds the version it opens; its `valid_from` is also where the version it closes
 * ends, so the history has neither gaps nor overlaps:
 * - a new key opens at its `updated_at` (timestamp strategy) or at the load time (check strategy);
 * - a changed row (a newer `updated_at`; a checked column distinct from the current version's)
 *   closes the current version and opens one at the same instant;
 * - a key missing from the source (`invalidate`, `new_record`) closes its current version at the
 *   load time; `new_record` opens a deletion record there, a copy of it with `is_deleted`;
 * - a key that comes back after a deletion opens a new version (and closes its deletion record).
 */
import {
  branch,
  type Dimension,
  type Expr,
  type FromItem,
  type Insert,
  SCD2_COLUMNS,
  type Scd2History,
  type Select,
  type Statement,
  sql as s,
  type TableName,
  t,
} from '../core/index.js';
import { CHANGE_COLUMNS, changesColumns, historyColumns } from './history-columns.js';
import { latestRows } from './latest-rows.js';
import { emptyStaging, STAGED, staged } from './load-parts.js';
import { changesTable, type Star, stagingFor, starTable, type WarehouseDialect } from './star.js';

const { validFrom, validTo, isCurrent, scdId, isDeleted } = SCD2_COLUMNS;
/** The dimension's current version of a staged row, and when its earlier versions ended. */
const CURRENT = 'cur';
const ENDED = 'ended';
const CHANGE = 'change';

const asText = (value: Expr): Expr => s.cast(value, t.string());
/** dbt's scd_id: an md5 of the parts joined by `|`. */
const hash = (...parts: Expr[]): Expr =>
  s.call(
    'md5',
    parts.map(asText).reduce((acc, part) => s.binary('||', s.binary('||', acc, s.lit('|')), part)),
  );

/** `valid_to` of a current version: NULL, or the configured far-future date. */
export const openValidTo = (history: Scd2History): Expr =>
  history.validToOpen === null ? s.lit(null) : s.cast(s.lit(history.validToOpen), t.timestamp());

/** Whether a version of `alias` was valid at `at`: `valid_from <= at < valid_to`. */
export function validAt(history: Scd2History, alias: string, at: Expr): Expr {
  const before = s.binary('<', at, s.col(validTo, alias));
  return s.and(
    s.binary('<=', s.col(validFrom, alias), at),
    history.validToOpen === null ? s.or(s.isNull(s.col(validTo, alias)), before) : before,
  );
}

interface Parts {
  readonly d: Dimension;
  readonly history: Scd2History;
  readonly target: TableName;
  readonly changes: TableName;
  readonly loadTime: Expr;
  /** The staged natural key and columns, converted to the dimension's types. */
  readonly key: Expr;
  readonly values: readonly { readonly name: string; readonly value: Expr }[];
  readonly staging: TableName;
  /** The staged rows the changes are found in: the latest of each key (latest-rows.ts). */
  readonly stagedRows: FromItem;
  readonly updatedAt?: Expr;
}

function partsOf(star: Star, d: Dimension, history: Scd2History, loadTime: Expr): Parts {
  const source = stagingFor(star, d.source);
  const column = (name: string) => source.columns.find((c) => c.name === name);
  const updatedAt =
    history.updatedAt === undefined
      ? undefined
      : staged(column(history.updatedAt), history.updatedAt, t.timestamp());
  return {
    d,
    history,
    target: starTable(star, d.name).table,
    changes: changesTable(star, d),
    loadTime,
    key: staged(column(d.naturalKey.source), d.naturalKey.source, d.naturalKey.type),
    values: d.columns.map((c) => ({ name: c.name, value: staged(column(c.source), c.source, c.type) })),
    staging: source.table,
    stagedRows: latestRows(source, d),
    ...(updatedAt === undefined ? {} : { updatedAt }),
  };
}

const current = (name: string): Expr => s.col(name, CURRENT);

/** Whether a staged row differs from the current version it was joined to. */
function changed(p: Parts): Expr {
  // A version never ends before it began: a row no newer than the current version (a late older
  // change), or a load running with an earlier time, changes nothing.
  const newer = s.binary('<', current(validFrom), p.updatedAt ?? p.loadTime);
  const byStrategy =
    p.history.strategy === 'timestamp'
      ? newer
      : s.and(
          s.or(
            ...p.values
              .filter((v) => p.history.strategy === 'check' && p.history.columns.includes(v.name))
              .map((v) => s.binary('is distinct from', current(v.name), v.value)),
          ),
          newer,
        );
  // A deletion record is current until its key comes back, whatever it holds.
  return p.history.hardDeletes === 'new_record' ? s.or(byStrategy, current(isDeleted)) : byStrategy;
}

/**
 * When the version a staged row opens begins. Timestamp strategy: its `updated_at` (the load time
 * for a row without one), but where the key's history already ended later (it was deleted, then
 * came back with an older `updated_at`), the load time: a version never overlaps an earlier one.
 */
function opensAt(p: Parts): Expr {
  if (p.updatedAt === undefined) return p.loadTime;
  const updated = s.call('coalesce', p.updatedAt, p.loadTime);
  if (p.history.hardDeletes === 'ignore') return updated;
  return s.caseWhen([branch(s.binary('>', s.col(validTo, ENDED), updated), p.loadTime)], updated);
}

const changeInsert = (p: Parts, query: Omit<Select, 'kind'>): Insert => ({
  kind: 'insert',
  table: p.changes,
  columns: changesColumns(p.d, p.history).map((c) => c.name),
  query: s.select(query),
});

const deletionFlag = (p: Parts, value: boolean): Expr[] =>
  p.history.hardDeletes === 'new_record' ? [s.lit(value)] : [];

/** New keys, changed rows and keys back after a deletion, each with the current version it closes. */
function sourceChanges(p: Parts): Insert {
  const start = opensAt(p);
  const ended = s.select({
    items: [s.item(s.col(p.d.naturalKey.name)), s.item(s.call('max', s.col(validTo)), validTo)],
    from: s.fromTable(p.target),
    where: s.not(s.col(isCurrent)),
    groupBy: [s.col(p.d.naturalKey.name)],
  });
  const needsEnded = p.updatedAt !== undefined && p.history.hardDeletes !== 'ignore';
  return changeInsert(p, {
    items: [
      s.item(p.key),
      ...p.values.map((v) => s.item(v.value)),
      s.item(start),
      s.item(hash(p.key, start)),
      ...deletionFlag(p, false).map((e) => s.item(e)),
      s.item(current(scdId)),
      s.item(s.lit(true)),
    ],
    from: p.stagedRows,
    joins: [
      {
        type: 'left',
        item: s.fromTable(p.target, CURRENT),
        on: s.and(s.eq(current(p.d.naturalKey.name), p.key), current(isCurrent)),
      },
      ...(needsEnded
        ? [
            {
              type: 'left' as const,
              item: s.fromQuery(ended, ENDED),
              on: s.eq(s.col(p.d.naturalKey.name, ENDED), p.key),
            },
          ]
        : []),
    ],
    where: s.or(s.isNull(current(p.d.naturalKey.name)), changed(p)),
  });
}

/**
 * Current versions whose key the source no longer has: closed, and with `new_record` recorded.
 * Whether a key is staged does not depend on which of its rows is the latest, so this reads
 * staging whole.
 */
function deletions(p: Parts): Insert {
  const inSource = s.select({
    items: [s.item(s.lit(1))],
    from: s.fromTable(p.staging, STAGED),
    where: s.eq(p.key, current(p.d.naturalKey.name)),
  });
  const notYetRecorded = p.history.hardDeletes === 'new_record' ? [s.not(current(isDeleted))] : [];
  return changeInsert(p, {
    items: [
      s.item(current(p.d.naturalKey.name)),
      ...p.values.map((v) => s.item(current(v.name))),
      s.item(p.loadTime),
      s.item(hash(current(scdId), p.loadTime)),
      ...deletionFlag(p, true).map((e) => s.item(e)),
      s.item(current(scdId)),
      s.item(s.lit(p.history.hardDeletes === 'new_record')),
    ],
    from: s.fromTable(p.target, CURRENT),
    where: s.and(current(isCurrent), ...notYetRecorded, s.exists(inSource, true)),
  });
}

/** Closes each version a change ends, where the version that follows begins. */
const closeVersions = (p: Parts): Statement => ({
  kind: 'update',
  table: p.target,
  set: [
    { column: validTo, value: s.col(validFrom, CHANGE) },
    { column: isCurrent, value: s.lit(false) },
  ],
  from: [s.fromTable(p.changes, CHANGE)],
  where: s.and(
    s.eq(s.col(scdId, p.target.name), s.col(CHANGE_COLUMNS.closes, CHANGE)),
    s.col(isCurrent, p.target.name),
  ),
});

/** The versions the changes open, current until a later load closes them. */
function openVersions(p: Parts): Insert {
  const columns = [
    p.d.naturalKey.name,
    ...p.d.columns.map((c) => c.name),
    ...historyColumns(p.history).map((c) => c.name),
  ];
  const value = (name: string): Expr => {
    if (name === validTo) return openValidTo(p.history);
    if (name === isCurrent) return s.lit(true);
    return s.col(name, CHANGE);
  };
  return {
    kind: 'insert',
    table: p.target,
    columns,
    query: s.select({
      items: columns.map((name) => s.item(value(name))),
      from: s.fromTable(p.changes, CHANGE),
      where: s.col(CHANGE_COLUMNS.opens, CHANGE),
    }),
  };
}

/** The statements of one dimension with history, in order, inside the load's transaction. */
export function scd2Statements(
  star: Star,
  d: Dimension,
  history: Scd2History,
  dialect: WarehouseDialect,
  loadTime: Expr,
): Statement[] {
  const p = partsOf(star, d, history, loadTime);
  return [
    emptyStaging(p.changes, dialect),
    sourceChanges(p),
    ...(history.hardDeletes === 'ignore' ? [] : [deletions(p)]),
    closeVersions(p),
    openVersions(p),
  ];
}
