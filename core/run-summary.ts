/**
 * The summary of a Glue job run: what the runner (lakeline_runner.py, on Glue or Spark) and the
 * local DuckDB engine write at the plan's `runSummary.uri`, and what the state machine's success
 * message, `simulate`'s run.json and its report read back. One contract for every engine, so it is
 * declared once, here; its JSON Schema is `run-summary-schema.ts`, held to these types.
 */
import type { IngestionMark } from './model/incremental.js';

/** A rule's result, as Glue Data Quality reports it. */
export type RuleResult = 'PASS' | 'FAIL' | 'ERROR';

/** One rule's outcome, as the run summary and `run.json` carry it. */
export interface RuleOutcome {
  /** The rule's canonical DQDL text (`emitRule`): Glue names rules by their text. */
  readonly rule: string;
  readonly result: RuleResult;
  /** Glue's EvaluationMessage; empty when the rule passed (but for `No rows matched the filter`). */
  readonly message: string;
  /** Glue's EvaluatedMetrics: `Column.marks.Minimum`, `Dataset.*.RowCount`, … */
  readonly metrics: Readonly<Record<string, number>>;
}

/** The data quality part of a run: the job's ruleset and how each of its rules came out. */
export interface QualitySummary {
  readonly ruleset: string;
  readonly dataset: string;
  /** The share of rules that passed; null when no rule was evaluated. */
  readonly score: number | null;
  readonly rules: readonly RuleOutcome[];
}

/** A run whose quality gate failed still writes its summary (and quarantine), then fails. */
export type RunStatus = 'SUCCEEDED' | 'FAILED_QUALITY_GATE';

/** Where the input rows went: a row-preserving job accounts for every one of them. */
export interface RunCounts {
  readonly inputRows: number;
  readonly outputRows: number;
  readonly quarantinedRows: number;
  readonly duplicateRows: number;
}

/**
 * How a run's rows are accounted for. A row-preserving job: `inputRows = outputRows +
 * quarantinedRows + duplicateRows`. A grain-changing job (an aggregate) writes groups, not input
 * rows: `groupedRows` input rows became groups, `quarantinedGroups` of the quarantined rows are
 * groups, so `inputRows = groupedRows + (quarantinedRows - quarantinedGroups) + duplicateRows` and
 * `outputRows + quarantinedGroups` is the number of groups.
 */
export type RunAccounting =
  | { readonly accounting: 'rowPreserving' }
  | {
      readonly accounting: 'grainChanging';
      /** Input rows still kept when the grain changed: the rows the groups were computed from. */
      readonly groupedRows: number;
      /** Quarantined rows that are groups (a measure that did not fit, a rule after the aggregate). */
      readonly quarantinedGroups: number;
    };

/** Balanced: every input row is accounted for, by the identity of the run's accounting. */
export function rowsBalance(r: RunCounts & RunAccounting): boolean {
  if (r.accounting === 'rowPreserving')
    return r.inputRows === r.outputRows + r.quarantinedRows + r.duplicateRows;
  return r.inputRows === r.groupedRows + (r.quarantinedRows - r.quarantinedGroups) + r.duplicateRows;
}

export type RunSummary = RunSummaryFields & RunAccounting;

interface RunSummaryFields extends RunCounts {
  readonly job: string;
  readonly dataset: string;
  readonly runId: string;
  readonly status: RunStatus;
  /** Values found per PII entity (`EMAIL`, `SSN`, …) by the job's detectPii steps. */
  readonly piiFindings: Readonly<Record<string, number>>;
  /** Null when the job has no quality step. */
  readonly quality: QualitySummary | null;
  /** What a person should know about the run that is not a failure: an empty input, empty files. */
  readonly warnings: readonly string[];
  /** Of a job reading its input incrementally (`plan.input.incremental`) only. */
  readonly ingestion?: IngestionSummary;
}

/**
 * What an incremental run read, and its dataset's entry of the ingestion state after it: what the
 * state machine writes back to `ingestion_state.json` when the whole run succeeds.
 */
export interface IngestionSummary {
  /** The entry after this run: the partitions read before and now, the latest mark value read. */
  readonly state: IngestionMark;
  /** The partitions this run read (new ones only), sorted. */
  readonly partitionsRead: readonly string[];
  /**
   * New partitions recorded as read without being read: of a latest-extract read, the extracts
   * older than the one read (or than one read before); always empty with a high-water mark.
   */
  readonly partitionsSuperseded: readonly string[];
  /** Rows of those partitions at or before the mark: not read, so not among `inputRows`. */
  readonly alreadyIngestedRows: number;
}

/**
 * Problems of a document read as a run summary; empty when it is one. The schema is loaded on
 * first use: TypeBox and ajv would otherwise add to the start of every command.
 */
export async function runSummaryProblems(document: unknown): Promise<string[]> {
  const { validateRunSummary } = await import('./run-summary-schema.js');
  return validateRunSummary(document);
}

/** A run summary's text, parsed and checked; `source` names it in the error (its S3 URI). */
export async function parseRunSummary(text: string, source: string): Promise<RunSummary> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`the run summary ${source} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const problems = await runSummaryProblems(document);
  if (problems.length > 0)
    throw new Error(`the run summary ${source} does not match its schema: ${problems.join('; ')}`);
  return document as RunSummary;
}
