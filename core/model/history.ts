/**
 * SCD Type 2 history of a dimension, as dbt snapshots define it: a change to a row closes its
 * current version and opens a new one, so every version stays with the time it was valid.
 */

/** What happens to a version whose natural key is no longer in the source (dbt's `hard_deletes`). */
export type HardDeletes = 'ignore' | 'invalidate' | 'new_record';

/**
 * How a change is detected (dbt's `strategy`): `timestamp`, a source row whose `updatedAt` is newer
 * than the current version's start; `check`, a source row whose listed columns differ from it.
 * A version opens at its row's `updatedAt`; with the check strategy and no `updatedAt`, at the
 * load time (dbt's snapshot time). With both, as dbt's check strategy with `updated_at`: a changed
 * row opens at its `updatedAt`, and a row no newer than the current version changes nothing.
 */
export type Scd2Strategy =
  | { readonly strategy: 'timestamp'; readonly updatedAt: string }
  | { readonly strategy: 'check'; readonly columns: readonly string[]; readonly updatedAt?: string };

export interface Scd2Options {
  /** Defaults to `ignore`: a key missing from the source keeps its current version. */
  readonly hardDeletes?: HardDeletes;
  /** `valid_to` of a current version: NULL (the default) or a far-future date such as `'9999-12-31'`. */
  readonly validToOpen?: string | null;
}

export type Scd2History = Scd2Strategy & {
  readonly kind: 'scd2';
  readonly hardDeletes: HardDeletes;
  readonly validToOpen: string | null;
};

export const scd2 = (strategy: Scd2Strategy, options: Scd2Options = {}): Scd2History =>
  Object.freeze({
    kind: 'scd2',
    ...(strategy.strategy === 'timestamp'
      ? { strategy: 'timestamp', updatedAt: strategy.updatedAt }
      : {
          strategy: 'check',
          columns: Object.freeze([...strategy.columns]),
          ...(strategy.updatedAt === undefined ? {} : { updatedAt: strategy.updatedAt }),
        }),
    hardDeletes: options.hardDeletes ?? 'ignore',
    validToOpen: options.validToOpen ?? null,
  });

/** The columns a history adds to its dimension (dbt's `dbt_valid_from`, … without the prefix). */
export const SCD2_COLUMNS = Object.freeze({
  validFrom: 'valid_from',
  validTo: 'valid_to',
  isCurrent: 'is_current',
  scdId: 'scd_id',
  /** Only with `hardDeletes: 'new_record'`, which records a deletion as a version of its own. */
  isDeleted: 'is_deleted',
});

/** The names the history adds to its dimension's table, in table order. */
export function historyColumnNames(history: Scd2History): string[] {
  const { validFrom, validTo, isCurrent, scdId, isDeleted } = SCD2_COLUMNS;
  return [validFrom, validTo, isCurrent, scdId, ...(history.hardDeletes === 'new_record' ? [isDeleted] : [])];
}
