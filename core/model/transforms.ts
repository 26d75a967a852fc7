/**
 * The steps of a Glue job, in order. Each is a frozen data node; `glue-scripts/` compiles each
 * step to SQL (spark for Glue, duckdb for the simulator) and stores both beside the node in the
 * job plan.
 */
import type { DataType } from '../sql/data-type.js';
import type { RawDataset } from './dataset.js';
import type { PiiAction, PiiEntity } from './pii.js';
import type { DqRuleExpr } from './quality.js';

export type TextCase = 'lower' | 'upper' | 'title';

/** One output column of `standardize`: where it comes from and how it is cleaned. */
export interface ColumnSpec {
  readonly kind: 'columnSpec';
  /** The column read from the step's input. */
  readonly source: string;
  /** The output name (defaults to `source`). */
  readonly name: string;
  /** The output type; defaults to the type the input column declares. */
  readonly type?: DataType;
  readonly trim: boolean;
  readonly case?: TextCase;
  /** For date and timestamp columns: the input format, in Spark's datetime pattern letters (`yyyy-MM-dd`). */
  readonly format?: string;
  /** Values treated as missing before casting (the empty string always is). */
  readonly nullValues: readonly string[];
}

export function columnSpec(
  source: string,
  options: {
    name?: string;
    type?: DataType;
    trim?: boolean;
    case?: TextCase;
    format?: string;
    nullValues?: readonly string[];
  } = {},
): ColumnSpec {
  return Object.freeze({
    kind: 'columnSpec',
    source,
    name: options.name ?? source,
    ...(options.type === undefined ? {} : { type: options.type }),
    trim: options.trim ?? true,
    ...(options.case === undefined ? {} : { case: options.case }),
    ...(options.format === undefined ? {} : { format: options.format }),
    nullValues: Object.freeze([...(options.nullValues ?? [])]),
  });
}

/**
 * Selects, renames, trims, re-cases and casts columns. A value that is present but does not
 * convert (a date not in the format, `abc` as a number) sends its row to quarantine with the
 * reason `cast:<column>`; it is never silently nulled.
 */
export interface Standardize {
  readonly kind: 'standardize';
  readonly columns: readonly ColumnSpec[];
}

/** Joins columns into a new one (first + last name → full name); NULL parts are skipped. */
export interface Concat {
  readonly kind: 'concat';
  readonly columns: readonly string[];
  readonly separator: string;
  readonly as: string;
  /** Drop the source columns afterwards. */
  readonly dropSources: boolean;
}

/** How one column is scanned for personal data. */
export interface PiiColumnRule {
  readonly kind: 'piiColumn';
  readonly column: string;
  /**
   * `column`: the column holds the entity; every non-null value gets the action, matched or not,
   * so a malformed value never slips through. `text`: free text, scanned for every listed entity,
   * and only the matches get the action.
   */
  readonly mode: 'column' | 'text';
  readonly entities: Readonly<Partial<Record<PiiEntity, PiiAction>>>;
}

export interface DetectPii {
  readonly kind: 'detectPii';
  readonly rules: readonly PiiColumnRule[];
  /** REDACT replaces with this text (Glue's default is `*******`). */
  readonly redactText: string;
  /** PARTIAL_REDACT keeps this many trailing characters and masks the rest with `maskChar`. */
  readonly partial: { readonly keepLast: number; readonly maskChar: string };
}

/** Keeps one row per key: the latest by `orderBy`; the others are counted as duplicates. */
export interface Deduplicate {
  readonly kind: 'deduplicate';
  readonly keys: readonly string[];
  readonly orderBy: string;
  readonly keep: 'latest' | 'earliest';
}

/** Rows whose column has no match in another dataset's key are quarantined (`orphan:<column>`). */
export interface ReferenceCheck {
  readonly kind: 'referenceCheck';
  readonly column: string;
  readonly references: RawDataset;
  readonly key: string;
}

/**
 * A Glue Data Quality ruleset. Row-level rules quarantine each failing row with the failing
 * rules' names; dataset-level rules are evaluated on the rows that passed and fail the job when
 * any of them fails.
 */
export interface Quality {
  readonly kind: 'quality';
  readonly ruleset: string;
  readonly rowRules: readonly DqRuleExpr[];
  readonly datasetRules: readonly DqRuleExpr[];
}

export type Transform = Standardize | Concat | DetectPii | Deduplicate | ReferenceCheck | Quality;
export type TransformKind = Transform['kind'];

export const standardize = (columns: readonly ColumnSpec[]): Standardize =>
  Object.freeze({ kind: 'standardize', columns: Object.freeze([...columns]) });

export const concat = (spec: {
  columns: readonly string[];
  as: string;
  separator?: string;
  dropSources?: boolean;
}): Concat =>
  Object.freeze({
    kind: 'concat',
    columns: Object.freeze([...spec.columns]),
    separator: spec.separator ?? ' ',
    as: spec.as,
    dropSources: spec.dropSources ?? false,
  });

export const piiColumn = (column: string, entities: PiiColumnRule['entities']): PiiColumnRule =>
  Object.freeze({ kind: 'piiColumn', column, mode: 'column', entities });
export const piiText = (column: string, entities: PiiColumnRule['entities']): PiiColumnRule =>
  Object.freeze({ kind: 'piiColumn', column, mode: 'text', entities });

export const detectPii = (
  rules: readonly PiiColumnRule[],
  options: { redactText?: string; keepLast?: number; maskChar?: string } = {},
): DetectPii =>
  Object.freeze({
    kind: 'detectPii',
    rules: Object.freeze([...rules]),
    redactText: options.redactText ?? '*******',
    partial: Object.freeze({ keepLast: options.keepLast ?? 4, maskChar: options.maskChar ?? '*' }),
  });

export const deduplicate = (spec: {
  keys: readonly string[];
  orderBy: string;
  keep?: 'latest' | 'earliest';
}): Deduplicate =>
  Object.freeze({
    kind: 'deduplicate',
    keys: Object.freeze([...spec.keys]),
    orderBy: spec.orderBy,
    keep: spec.keep ?? 'latest',
  });

export const referenceCheck = (spec: {
  column: string;
  references: RawDataset;
  key: string;
}): ReferenceCheck => Object.freeze({ kind: 'referenceCheck', ...spec });

export const quality = (spec: {
  ruleset: string;
  rowRules?: readonly DqRuleExpr[];
  datasetRules?: readonly DqRuleExpr[];
}): Quality =>
  Object.freeze({
    kind: 'quality',
    ruleset: spec.ruleset,
    rowRules: Object.freeze([...(spec.rowRules ?? [])]),
    datasetRules: Object.freeze([...(spec.datasetRules ?? [])]),
  });
