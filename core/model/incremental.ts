/**
 * How a job reads a raw dataset incrementally, in one of two modes:
 * - `job({ input, incremental: highWaterMark({ column: 'updated_at' }) })`: a run reads only the
 *   partition folders no earlier successful run read and, with a mark column, only the rows whose
 *   value is past the mark; the job's output grows run by run.
 * - `job({ input, incremental: latestExtract() })`: each partition holds a full extract of the
 *   source; a run reads only the newest partition not read yet (the older new ones are superseded
 *   by it) and its output replaces the job's output, so a row missing from the extract is gone.
 * The pipeline's ingestion state (`ingestionStateKey`) keeps, per dataset, the partitions read (and
 * the mark), and advances only when the whole run succeeded.
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

/**
 * Each partition is a full extract of the source (a table exported whole every day): a run reads
 * the newest partition not read yet, partitions ordered by their values as typed (a date as a
 * date, an int as a number), and records every new partition as read; its output replaces the
 * job's output. A run with no new partition, or whose new ones are all older than one already
 * read, reads nothing and leaves the output as it is. The input must be partitioned.
 */
export interface LatestExtract {
  readonly kind: 'latestExtract';
}

export function latestExtract(): LatestExtract {
  return Object.freeze({ kind: 'latestExtract' });
}

/** How a job reads its raw input incrementally: `job({ incremental })`. */
export type IncrementalRead = HighWaterMark | LatestExtract;

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
