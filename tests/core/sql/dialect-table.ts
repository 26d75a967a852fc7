/** The shape of the per-dialect expectation tables shared by the compiler tests. */
import type { DialectName } from '../../../core/sql/compile.js';
import { UnsupportedFeatureError } from '../../../core/sql/errors.js';

export const UNSUPPORTED = UnsupportedFeatureError;
export type Expected = string | typeof UNSUPPORTED;
export type PerDialect = Readonly<Record<DialectName, Expected>>;

/** The same text in every dialect but Spark, which quotes with backticks. */
export const ansi = (text: string): Record<DialectName, string> => ({
  duckdb: text,
  postgres: text,
  redshift: text,
  spark: text.replaceAll('"', '`'),
});
