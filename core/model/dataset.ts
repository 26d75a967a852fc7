import type { Column } from './column.js';

export type FileFormat = 'csv' | 'json' | 'parquet';

/** Raw data as it lands in the stage bucket under `raw/<prefix>`. */
export interface RawDataset {
  readonly kind: 'rawDataset';
  readonly name: string;
  /** Prefix below the raw layer, e.g. `enrollments/`. */
  readonly prefix: string;
  readonly format: FileFormat;
  readonly columns: readonly Column[];
  readonly description?: string;
}

export function rawDataset(spec: Omit<RawDataset, 'kind'>): RawDataset {
  return Object.freeze({ kind: 'rawDataset', ...spec, columns: Object.freeze([...spec.columns]) });
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

/** A handle on a dataset, dbt's `ref()`: jobs and crawlers refer to datasets through it. */
export type DatasetRef = RawDataset | ProcessedDataset;

/**
 * Whether two handles name the same dataset. Names are unique per layer in a pipeline, and a job
 * built from another's spec carries an equal copy of its output, so handles compare by name.
 */
export const sameDataset = (a: DatasetRef, b: DatasetRef): boolean => a.kind === b.kind && a.name === b.name;

/** A key naming a dataset across both layers, for maps of datasets. */
export const datasetKey = (d: DatasetRef): string => `${d.kind}:${d.name}`;
