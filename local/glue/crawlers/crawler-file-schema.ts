/**
 * What a classifier makes of one file: its format (how the table will read it) and its columns.
 * A table's schema is the merge of its files' schemas.
 */
import type { HiveField } from './crawler-hive-type.js';

export type SerdeChoice = 'OpenCSVSerDe' | 'LazySimpleSerDe';

export type FileFormat =
  | {
      readonly kind: 'csv';
      readonly delimiter: string;
      readonly quote: string;
      readonly header: boolean;
      /** The SerDe: the classifier's choice, or OpenCSVSerDe when the file quotes values. */
      readonly serde: SerdeChoice;
    }
  | { readonly kind: 'json' }
  | { readonly kind: 'parquet' }
  | { readonly kind: 'unknown' };

export type FormatKind = FileFormat['kind'];

export interface FileSchema {
  readonly format: FileFormat;
  readonly columns: readonly HiveField[];
  /** Data rows (the header is not one): counted when the file was read whole, else estimated from its sample. */
  readonly records: number;
  /** Records left out of inference: wrong width, or not parseable. */
  readonly malformed: number;
}

/** The classification Glue writes to the table's parameters. */
export const CLASSIFICATION: Readonly<Record<FormatKind, string>> = {
  csv: 'csv',
  json: 'json',
  parquet: 'parquet',
  unknown: 'UNKNOWN',
};
