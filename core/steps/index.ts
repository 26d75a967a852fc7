/**
 * The step kinds of a Glue job, one module each. Adding a kind is a new module and a line in each
 * of `Step` and `STEP_KINDS` below; the compiler then lists anything the kind is missing.
 */
import { type Aggregate, aggregateKind } from './aggregate.js';
import { type Concat, concatKind } from './concat.js';
import { type Deduplicate, deduplicateKind } from './deduplicate.js';
import { type Derive, deriveKind } from './derive.js';
import { type DetectPii, detectPiiKind } from './detect-pii.js';
import { type Lookup, lookupKind } from './lookup.js';
import { type Quality, qualityKind } from './quality.js';
import { type ReferenceCheck, referenceCheckKind } from './reference-check.js';
import { type Standardize, standardizeKind } from './standardize.js';
import type { StepKind } from './step-kind.js';
import { type WindowColumn, windowColumnKind } from './window-column.js';

/** A step of a job: any of the kinds below. */
export type Step =
  | Standardize
  | Concat
  | DetectPii
  | Deduplicate
  | ReferenceCheck
  | Quality
  | Derive
  | Aggregate
  | Lookup
  | WindowColumn;
export type StepKindName = Step['kind'];

export const STEP_KINDS: { readonly [K in StepKindName]: StepKind<Extract<Step, { kind: K }>> } = {
  standardize: standardizeKind,
  concat: concatKind,
  detectPii: detectPiiKind,
  deduplicate: deduplicateKind,
  referenceCheck: referenceCheckKind,
  quality: qualityKind,
  derive: deriveKind,
  aggregate: aggregateKind,
  lookup: lookupKind,
  window: windowColumnKind,
};

/** The kind module of a step node. */
export const stepKindOf = <S extends Step>(node: S): StepKind<S> =>
  STEP_KINDS[node.kind] as unknown as StepKind<S>;

export { type Aggregate, aggregate } from './aggregate.js';
export { type Measure, type MeasureFn, measure } from './aggregate-measure.js';
export { type Concat, concat } from './concat.js';
export { type Deduplicate, deduplicate } from './deduplicate.js';
export { type Derive, derive } from './derive.js';
export { type DetectPii, detectPii, type PiiColumnRule, piiColumn, piiText } from './detect-pii.js';
export { DataTypeSchema, Identifier as IdentifierSchema, type JsonSchema } from './json-schema.js';
export { type Lookup, type LookupColumn, lookup, lookupView } from './lookup.js';
export { PII_PATTERNS, PII_TEXT_ORDER } from './pii-patterns.js';
export { outcomesView, type Quality, quality } from './quality.js';
export { type ReferenceCheck, referenceCheck, referenceView } from './reference-check.js';
export { type ColumnSpec, columnSpec, type Standardize, standardize, type TextCase } from './standardize.js';
export * from './step-kind.js';
export {
  WINDOW_FNS,
  type WindowColumn,
  type WindowFn,
  type WindowOrder,
  windowColumn,
} from './window-column.js';
