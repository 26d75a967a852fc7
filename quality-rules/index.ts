/** quality-rules: DQDL text ⇄ the DQDL AST of core/model/quality.ts, and the tree's rulesets. */
export { DqdlSyntaxError } from './dqdl-syntax-error.js';
export { emitCondition, emitOperand, emitRule, emitRuleset } from './emit.js';
export {
  type DataQualityResult,
  type DataQualityResultInput,
  type DataQualityRuleResult,
  dataQualityResult,
  type EvaluationDataset,
  type EvaluationOptions,
  type EvaluationPlan,
  type EvaluationSource,
  evaluatePlan,
  type MetricQuery,
  planEvaluation,
  type RowLevelRule,
  type RuleOutcome,
  type RuleResult,
  type RunMetricQuery,
  score,
} from './evaluate/index.js';
export { formatNumber, quoteString } from './literals.js';
export { parseRule, parseRuleset } from './parse-ruleset.js';
export { parseRulesetFiles, type RulesetFileResult } from './parse-ruleset-files.js';
export {
  DQ_RULE_TYPES,
  type DqConditionUse,
  type DqRowLevel,
  type DqRuleTypeSpec,
  ruleTypeSpec,
} from './rule-types.js';
export { stepRuleset, synthQuality } from './synth-quality.js';
