/**
 * How a job reads a raw dataset incrementally: `job({ input, incremental: highWaterMark({ column:
 * 'updated_at' }) })`. A run reads only the partition folders no earlier successful run read and,
 * with a mark column, only the rows whose value is past the mark; the pipeline's ingestion state
 * (`ingestionStateKey`) keeps both per dataset and advances only when the whole run succeeded.
 */
import type { DataType } from '../sql/data-type.js';

export interface HighWaterMark {
  readonly kind: 'highWaterMark';
  /**
   * The file column whose latest value is the mark (`updated_at`, an event timestamp), compared as
   * its declared type; null to track the partitions read only.
   */
  readonly column: string | null;
}

export function highWaterMark(spec: { readonly column?: string } = {}): HighWaterMark {
  return Object.freeze({ kind: 'highWaterMark', column: spec.column ?? null });
}

/** One dataset's entry of `ingestion_state.json`. */
export interface IngestionMark {
  /** The partitions read, each its folder values joined by `/` (`2024-01-15`), sorted. */
  readonly partitions: readonly string[];
  /** The latest mark-column value read, as text; null before any row with one was read. */
  readonly highWaterMark: string | null;
  /** The run (execution name) that last advanced the entry; null before any did. */
  readonly runId: string | null;
}

/** `ingestion_state.json`: one entry per dataset a job of the pipeline reads incrementally. */
export type IngestionState = Readonly<Record<string, IngestionMark>>;

export const NO_INGESTION: IngestionMark = Object.freeze({
  partitions: Object.freeze([]),
  highWaterMark: null,
  runId: null,
});

/** The types a mark column may have: each orders its values as the source does. */
export const MARK_TYPES: readonly DataType['kind'][] = [
  'string',
  'int',
  'bigint',
  'decimal',
  'double',
  'date',
  'timestamp',
];

/** The types a raw partition column may have: the text of a folder name cast to them reads back as written. */
export const PARTITION_TYPES: readonly DataType['kind'][] = ['string', 'int', 'bigint', 'date'];
