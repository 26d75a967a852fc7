/**
 * The results document Glue Data Quality publishes for a run (the DataQualityResult of
 * GetDataQualityResult): rules are named `Rule_1`, `Rule_2`, … in ruleset order, with the rule's
 * text as Description and EvaluatedRule. Pure: the caller supplies ids and times.
 */
import { score } from './score.js';
import type { RuleOutcome } from './types.js';

export interface DataQualityResultInput {
  readonly resultId: string;
  readonly rulesetName: string;
  readonly evaluationContext: string;
  readonly startedOn: Date;
  readonly completedOn: Date;
  readonly outcomes: readonly RuleOutcome[];
  readonly jobName?: string;
  readonly jobRunId?: string;
  /** Row counts of a row-level evaluation, for AggregatedMetrics. */
  readonly rows?: { readonly processed: number; readonly passed: number; readonly failed: number };
}

export interface DataQualityRuleResult {
  readonly Name: string;
  readonly Description: string;
  readonly EvaluationMessage?: string;
  readonly Result: RuleOutcome['result'];
  readonly EvaluatedMetrics: Readonly<Record<string, number>>;
  readonly EvaluatedRule: string;
}

export interface DataQualityResult {
  readonly ResultId: string;
  readonly Score?: number;
  readonly RulesetName: string;
  readonly EvaluationContext: string;
  readonly StartedOn: string;
  readonly CompletedOn: string;
  readonly JobName?: string;
  readonly JobRunId?: string;
  readonly RuleResults: readonly DataQualityRuleResult[];
  readonly AggregatedMetrics: Readonly<Record<string, number>>;
}

export function dataQualityResult(input: DataQualityResultInput): DataQualityResult {
  const value = score(input.outcomes);
  const passed = input.outcomes.filter((o) => o.result === 'PASS').length;
  return {
    ResultId: input.resultId,
    ...(value === null ? {} : { Score: value }),
    RulesetName: input.rulesetName,
    EvaluationContext: input.evaluationContext,
    StartedOn: input.startedOn.toISOString(),
    CompletedOn: input.completedOn.toISOString(),
    ...(input.jobName === undefined ? {} : { JobName: input.jobName }),
    ...(input.jobRunId === undefined ? {} : { JobRunId: input.jobRunId }),
    RuleResults: input.outcomes.map((o, i) => ({
      Name: `Rule_${i + 1}`,
      Description: o.rule,
      ...(o.message === '' ? {} : { EvaluationMessage: o.message }),
      Result: o.result,
      EvaluatedMetrics: o.metrics,
      EvaluatedRule: o.rule,
    })),
    AggregatedMetrics: {
      ...(input.rows === undefined
        ? {}
        : {
            TotalRowsProcessed: input.rows.processed,
            TotalRowsPassed: input.rows.passed,
            TotalRowsFailed: input.rows.failed,
          }),
      TotalRulesProcessed: input.outcomes.length,
      TotalRulesPassed: passed,
      TotalRulesFailed: input.outcomes.length - passed,
    },
  };
}
