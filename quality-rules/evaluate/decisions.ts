/**
 * Outcomes in Glue's wording. Glue (through Deequ) reports a failed constraint as
 * `Value: 0.75 does not meet the constraint requirement!`, numbers written as Java writes a
 * double (`105.0`, `0.75`).
 */
import type { Decision } from './leaf-plan.js';

/** A number as Java's `Double.toString` writes it, for the usual magnitudes. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(value) && Math.abs(value) < 1e7 ? value.toFixed(1) : String(value);
}

export const constraintMessage = (value: number | string): string =>
  `Value: ${typeof value === 'number' ? javaDouble(value) : value} does not meet the constraint requirement!`;

/**
 * The message of deequ's comparisons (ReferentialIntegrity, the row-selecting CustomSql), which
 * ends with a full stop where its constraints' messages end with `!`.
 */
export const comparisonMessage = (value: number): string =>
  `Value: ${javaDouble(value)} does not meet the constraint requirement.`;

/** `80.00% of rows passed`, as deequ's evaluator words a DataFreshness failure. */
export const rowsPassedMessage = (ratio: number): string => `${(ratio * 100).toFixed(2)}% of rows passed`;

export const EMPTY_STATE =
  'Empty state: there are no values to evaluate (the dataset is empty, every value is NULL, or the where clause matched no row)';

export const pass = (metrics: Readonly<Record<string, number>>): Decision => ({
  result: 'PASS',
  message: '',
  metrics,
});

export const fail = (message: string, metrics: Readonly<Record<string, number>>): Decision => ({
  result: 'FAIL',
  message,
  metrics,
});

export const error = (message: string, metrics: Readonly<Record<string, number>> = {}): Decision => ({
  result: 'ERROR',
  message,
  metrics,
});

/**
 * A rule with nothing to look at: Glue passes it when a where clause matched no row ("No rows
 * matched the filter"), and fails it on an empty dataset, as Deequ does on an empty state.
 */
export const nothingToEvaluate = (filtered: boolean): Decision =>
  filtered ? { result: 'PASS', message: 'No rows matched the filter', metrics: {} } : fail(EMPTY_STATE, {});

/**
 * PASS when `ok`, else FAIL with Glue's constraint message for `value`: a number as a Java double
 * (`8.0`), or text as given (deequ writes a row count as the long it is: `8`).
 */
export const judge = (
  ok: boolean,
  value: number | string,
  metrics: Readonly<Record<string, number>>,
): Decision => (ok ? pass(metrics) : fail(constraintMessage(value), metrics));
