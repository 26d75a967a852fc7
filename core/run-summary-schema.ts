/**
 * The JSON Schema of a run summary (run-summary.ts), for documents another process wrote: the
 * runner on Spark or Glue. Kept out of core's index: loading TypeBox costs every command's start
 * a noticeable moment; `runSummaryProblems` loads this module when a summary is first read.
 */
import { type Static, Type } from '@sinclair/typebox';
import { validatorFor } from './json-schema-validator.js';
import type { RunSummary } from './run-summary.js';

const closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

const literals = <const T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

const Rows = Type.Integer({ minimum: 0 });

const RuleOutcomeSchema = closed({
  rule: Type.String({ minLength: 1 }),
  result: literals(['PASS', 'FAIL', 'ERROR']),
  message: Type.String(),
  metrics: Type.Record(Type.String(), Type.Number()),
});

const QualitySummarySchema = closed({
  ruleset: Type.String({ minLength: 1 }),
  dataset: Type.String({ minLength: 1 }),
  score: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  rules: Type.Array(RuleOutcomeSchema),
});

const summaryFields = {
  job: Type.String({ minLength: 1 }),
  dataset: Type.String({ minLength: 1 }),
  runId: Type.String({ minLength: 1 }),
  status: literals(['SUCCEEDED', 'FAILED_QUALITY_GATE']),
  inputRows: Rows,
  outputRows: Rows,
  quarantinedRows: Rows,
  duplicateRows: Rows,
  piiFindings: Type.Record(Type.String(), Rows),
  quality: Type.Union([QualitySummarySchema, Type.Null()]),
  warnings: Type.Array(Type.String()),
  ingestion: Type.Optional(
    closed({
      state: closed({
        partitions: Type.Array(Type.String({ minLength: 1 })),
        highWaterMark: Type.Union([Type.String(), Type.Null()]),
        runId: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
      }),
      partitionsRead: Type.Array(Type.String({ minLength: 1 })),
      partitionsSuperseded: Type.Array(Type.String({ minLength: 1 })),
      alreadyIngestedRows: Rows,
    }),
  ),
};

/** One closed object per accounting: a row-preserving summary carries no group counts. */
export const RunSummarySchema = Type.Union([
  closed({ ...summaryFields, accounting: Type.Literal('rowPreserving') }),
  closed({
    ...summaryFields,
    accounting: Type.Literal('grainChanging'),
    groupedRows: Rows,
    quarantinedGroups: Rows,
  }),
]);

/** Read-only all the way down: the schema's type has mutable arrays, the summary's does not. */
type Frozen<T> = T extends readonly (infer E)[]
  ? readonly Frozen<E>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;
type Same<A, B> = [Frozen<A>] extends [Frozen<B>] ? ([Frozen<B>] extends [Frozen<A>] ? true : false) : false;

/**
 * The schema and the type are one contract: a field added to one and not the other fails to
 * compile here (both directions, so a missing field and a field of another type both count).
 */
const sameContract: Same<Static<typeof RunSummarySchema>, RunSummary> = true;
void sameContract;

export const validateRunSummary: (document: unknown) => string[] = validatorFor(RunSummarySchema);
