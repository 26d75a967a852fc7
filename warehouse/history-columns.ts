/**
 * The tables of a dimension with SCD Type 2 history: the columns the history adds to the dimension,
 * and the staging table where a load writes the changes it found before it applies them.
 */
import { type DataType, type Dimension, SCD2_COLUMNS, type Scd2History, t } from '../core/index.js';
import type { StarColumn } from './star.js';

/** md5 hex, as dbt's scd_id. */
export const SCD_ID_TYPE: DataType = t.string(32);

/** Appended to the dimension's columns, in the order of `historyColumnNames`. */
export const historyColumns = (history: Scd2History): StarColumn[] => [
  { name: SCD2_COLUMNS.validFrom, type: t.timestamp(), notNull: true },
  // NULL (or the far-future date) while the version is current.
  { name: SCD2_COLUMNS.validTo, type: t.timestamp(), notNull: false },
  { name: SCD2_COLUMNS.isCurrent, type: t.boolean(), notNull: true },
  { name: SCD2_COLUMNS.scdId, type: SCD_ID_TYPE, notNull: true },
  ...(history.hardDeletes === 'new_record'
    ? [{ name: SCD2_COLUMNS.isDeleted, type: t.boolean(), notNull: true }]
    : []),
];

/** `<dimension>_changes` in the staging schema. */
export const changesTableName = (d: Dimension): string => `${d.name}_changes`;

/** In a change row: the version it closes (NULL for a new key), and whether it opens one. */
export const CHANGE_COLUMNS = Object.freeze({ closes: 'closes_scd_id', opens: 'opens_version' });

/**
 * One row per change the load found: the values of the version it opens (the deleted version's for
 * a deletion record), when that version starts (also when the closed one ends), its scd_id, and
 * the two columns of `CHANGE_COLUMNS`.
 */
export function changesColumns(d: Dimension, history: Scd2History): StarColumn[] {
  return [
    { name: d.naturalKey.name, type: d.naturalKey.type, notNull: false },
    ...d.columns.map((c) => ({ name: c.name, type: c.type, notNull: false })),
    ...historyColumns(history)
      .filter((c) => c.name !== SCD2_COLUMNS.validTo && c.name !== SCD2_COLUMNS.isCurrent)
      .map((c) => ({ ...c, notNull: false })),
    { name: CHANGE_COLUMNS.closes, type: SCD_ID_TYPE, notNull: false },
    { name: CHANGE_COLUMNS.opens, type: t.boolean(), notNull: false },
  ];
}
