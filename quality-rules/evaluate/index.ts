/** The DQDL evaluator: a ruleset → SQL (core/sql IR) over one table → Glue-shaped outcomes. */
export {
  type DataQualityResult,
  type DataQualityResultInput,
  type DataQualityRuleResult,
  dataQualityResult,
} from './data-quality-result.js';
export { evaluatePlan, type RunMetricQuery } from './evaluate-plan.js';
export { planEvaluation } from './plan-evaluation.js';
export { score } from './score.js';
export type {
  EvaluationDataset,
  EvaluationOptions,
  EvaluationPlan,
  EvaluationSource,
  MetricQuery,
  RowLevelRule,
  RuleOutcome,
  RuleResult,
} from './types.js';
