import type { DataType } from '../sql/data-type.js';
import { type Column, column } from './column.js';

export type FileFormat = 'csv' | 'json' | 'parquet';

/** Raw data as it lands in the stage bucket under `raw/<prefix>`. */
export interface RawDataset {
  readonly kind: 'rawDataset';
  readonly name: string;
  /** Prefix below the raw layer, e.g. `enrollments/`. */
  readonly prefix: string;
  readonly format: FileFormat;
  /** The columns of the files (matched by the CSV header or the JSON field names). */
  readonly columns: readonly Column[];
  /**
   * The Hive partition folders the files land in under the prefix, outermost first
   * (`ingestion_date=2024-01-15/`): columns whose values are in the folder names, not in the
   * files. Readers give them as typed columns after `columns`; empty when the files lie anywhere.
   */
  readonly partitionedBy: readonly Column[];
  readonly description?: string;
}

/** A partition column of a raw dataset: its folder key and the type its values are read as. */
export interface PartitionSpec {
  readonly name: string;
  readonly type: DataType;
  readonly description?: string;
}

export function rawDataset(
  spec: Omit<RawDataset, 'kind' | 'partitionedBy'> & { readonly partitionedBy?: readonly PartitionSpec[] },
): RawDataset {
  const { partitionedBy = [], ...rest } = spec;
  return Object.freeze({
    kind: 'rawDataset',
    ...rest,
    columns: Object.freeze([...spec.columns]),
    // A folder always names a value; `__HIVE_DEFAULT_PARTITION__` (NULL) is not how raw data lands.
    partitionedBy: Object.freeze(
      partitionedBy.map((p) =>
        column(p.name, p.type, {
          nullable: false,
          ...(p.description === undefined ? {} : { description: p.description }),
        }),
      ),
    ),
  });
}

/** A job's output in the processed layer: Parquet, Snappy, optionally Hive-partitioned. */
export interface ProcessedDataset {
  readonly kind: 'processedDataset';
  readonly name: string;
  readonly prefix: string;
  readonly partitionBy: readonly string[];
  /**
   * The columns the job writing it declares (its output schema), filled in by `job()`: a job
   * reading this dataset starts from them. Empty on a dataset no job has written yet.
   */
  readonly columns: readonly Column[];
}

export function processedDataset(spec: {
  name: string;
  prefix?: string;
  partitionBy?: readonly string[];
}): ProcessedDataset {
  return Object.freeze({
    kind: 'processedDataset',
    name: spec.name,
    prefix: spec.prefix ?? `${spec.name}/`,
    partitionBy: Object.freeze([...(spec.partitionBy ?? [])]),
    columns: Object.freeze([]),
  });
}

/**
 * The columns a job reading the dataset starts from: a raw dataset's file columns then its
 * partition columns; a processed dataset's declared columns (its partition columns among them).
 */
export const readColumns = (d: RawDataset | ProcessedDataset): readonly Column[] =>
  d.kind === 'rawDataset' ? [...d.columns, ...d.partitionedBy] : d.columns;

/** The columns whose values a reader takes from the Hive folder names under the dataset's prefix. */
export const partitionColumnNames = (d: RawDataset | ProcessedDataset): readonly string[] =>
  d.kind === 'rawDataset' ? d.partitionedBy.map((c) => c.name) : d.partitionBy;

/** A handle on a dataset, dbt's `ref()`: jobs and crawlers refer to datasets through it. */
export type DatasetRef = RawDataset | ProcessedDataset;

/**
 * Whether two handles name the same dataset. Names are unique per layer in a pipeline, and a job
 * built from another's spec carries an equal copy of its output, so handles compare by name.
 */
export const sameDataset = (a: DatasetRef, b: DatasetRef): boolean => a.kind === b.kind && a.name === b.name;

/** A key naming a dataset across both layers, for maps of datasets. */
export const datasetKey = (d: DatasetRef): string => `${d.kind}:${d.name}`;
