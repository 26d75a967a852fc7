/**
 * What a run reports, in the shapes the runner writes on Glue (lakeline_runner.py: `summary`,
 * `gate_failures`, `gate_message`, the DQ results document): the state machine and the run report
 * read these files the same way whichever engine wrote them. The summary's type is core's
 * (`RunSummary`); this is how the local engine makes one.
 */
import type {
  IngestionMark,
  IngestionSummary,
  QualitySummary,
  RuleOutcome,
  RunAccounting,
  RunCounts,
  RunStatus,
  RunSummary,
} from '../../core/index.js';
import type { JobPlan } from '../../glue-scripts/index.js';

/** The DQ results document of a run (`qualityResults.path`). */
export interface QualityResults extends QualitySummary {
  readonly job: string;
  readonly runId: string;
  readonly dqdlPath: string;
  /** Row-level evaluation: rows judged and rows that failed a rule; null without row rules. */
  readonly rowLevel: { readonly evaluated: number; readonly failed: number } | null;
}

/** Where a run's rows went, from the row of `split.counts` (`accountedRows(plan, null)`: none read). */
export function accountedRows(
  plan: JobPlan,
  split: Readonly<Record<string, unknown>> | null,
): RunCounts & RunAccounting {
  const n = (column: string) => (split === null ? 0 : Number(split[column]));
  const counts = {
    inputRows: n('input_rows'),
    outputRows: n('output_rows'),
    quarantinedRows: n('quarantined_rows'),
    duplicateRows: n('duplicate_rows'),
  };
  return plan.accounting.kind === 'rowPreserving'
    ? { ...counts, accounting: 'rowPreserving' }
    : {
        ...counts,
        accounting: 'grainChanging',
        groupedRows: n('grouped_rows'),
        quarantinedGroups: n('quarantined_groups'),
      };
}

export function runSummary(
  plan: JobPlan,
  runId: string,
  status: RunStatus,
  counts: RunCounts & RunAccounting,
  piiFindings: Readonly<Record<string, number>>,
  quality: QualitySummary | null,
  warnings: readonly string[] = [],
): RunSummary {
  const findings = Object.fromEntries(Object.entries(piiFindings).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    job: plan.job,
    dataset: plan.input.dataset,
    runId,
    status,
    ...counts,
    piiFindings: findings,
    quality,
    warnings,
  };
}

/**
 * What an incremental run was given and found: the entry it started from, the partitions it read
 * and those it records as read without reading them (older extracts of a latest-extract read).
 */
export interface IngestionRun {
  readonly mark: IngestionMark;
  readonly partitionsRead: readonly string[];
  readonly partitionsSuperseded: readonly string[];
}

/**
 * The ingestion part of an incremental run's summary (the runner's `ingestion_summary`): the entry
 * after the run — partitions added (read or superseded), the mark the latest value read, this run's
 * id when it recorded anything new — else the entry as it was, so a run with nothing new writes the
 * state back unchanged.
 */
export function ingestionSummary(
  run: IngestionRun,
  runId: string,
  read: { readonly rows: number; readonly alreadyIngested: number; readonly latest: string | null },
): IngestionSummary {
  const recorded = [...run.partitionsRead, ...run.partitionsSuperseded];
  const advanced = recorded.length > 0 || read.latest !== null;
  return {
    state: {
      partitions: [...new Set([...run.mark.partitions, ...recorded])].sort(),
      highWaterMark: read.latest ?? run.mark.highWaterMark,
      runId: advanced ? runId : run.mark.runId,
    },
    partitionsRead: [...run.partitionsRead],
    partitionsSuperseded: [...run.partitionsSuperseded],
    alreadyIngestedRows: read.alreadyIngested,
  };
}

/** The runner's words for a run whose input has no row, before any detail the reader adds. */
export const EMPTY_INPUT = 'the input has 0 rows';

/**
 * An empty input fails every rule that needs rows, each with a message of its own that does not
 * say why: each rule that did not pass says first that there were no rows, as the runner's
 * `empty_input_rules` does.
 */
export function withEmptyInput(rules: readonly RuleOutcome[]): RuleOutcome[] {
  return rules.map((r) =>
    r.result === 'PASS' ? r : { ...r, message: `${EMPTY_INPUT} — ${r.message || r.result}` },
  );
}

const normalizeRule = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The gate rules that did not pass; a gate rule missing from the results did not pass either. */
export function gateFailures(
  gate: readonly string[],
  datasetRules: readonly string[],
  results: readonly RuleOutcome[],
): RuleOutcome[] {
  const byRule = new Map(results.map((r) => [normalizeRule(r.rule), r]));
  const positional = datasetRules.length === results.length ? datasetRules : [];
  return gate.flatMap((rule): RuleOutcome[] => {
    const found = byRule.get(normalizeRule(rule)) ?? results[positional.indexOf(rule)];
    if (found === undefined) return [{ rule, result: 'ERROR', message: 'not evaluated', metrics: {} }];
    return found.result === 'PASS' ? [] : [{ ...found, rule }];
  });
}

export function gateMessage(
  plan: JobPlan,
  ruleset: string,
  failures: readonly RuleOutcome[],
  emptyInput?: string,
): string {
  const cause = emptyInput === undefined ? '' : `${emptyInput}, so `;
  return [
    `job ${plan.job}: ${cause}${failures.length} dataset rule(s) of ruleset ${ruleset} failed:`,
    ...failures.map((f) => `  ${f.rule}: ${f.result}${f.message === '' ? '' : ` (${f.message})`}`),
    `nothing was written to ${plan.output.path}; the rejected rows and DQ results were.`,
  ].join('\n');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** JSON as the runner writes it: keys sorted, two-space indent. */
export const documentJson = (value: unknown): string => JSON.stringify(sortKeys(value), null, 2);
