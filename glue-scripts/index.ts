/**
 * glue-scripts: model → Glue crawler and job configs, the job plans both engines execute, the
 * PySpark runner and the Glue role.
 */

// The plan's types and the PII patterns are core's (steps compile to them); re-exported as the job plan's contract.
export {
  CSV_OPTIONS,
  type CsvOptions,
  type EngineSql,
  type JobPlan,
  PII_PATTERNS,
  PII_TEXT_ORDER,
  PLAN_COLUMNS,
  PLAN_VERSION,
  type PlanAction,
  type PlanActionName,
  type PlanColumn,
  type PlanDeps,
  type PlanExport,
  type PlanInput,
  type PlanOutput,
  type PlanQuarantine,
  type PlanReference,
  type PlanSplit,
  type PlanStep,
  type QualityEvaluation,
  REASON_SEPARATOR,
  RUN_ID_PLACEHOLDER,
} from '../core/index.js';
export {
  type CrawlerConfig,
  type CsvClassifierConfig,
  crawlerConfig,
  crawlerName,
  csvClassifierConfig,
  csvClassifierName,
  glueRoleName,
} from './crawler-config.js';
export { glueJobRole } from './glue-job-role.js';
export {
  GLUE_VERSION,
  glueJobName,
  type JobConfig,
  jobConfig,
  planUri,
  RUNNER_SCRIPT,
  runnerScriptUri,
  tempDir,
} from './job-config.js';
export { jobPlan, SPARK_CONF } from './plan/job-plan.js';
export { runnerSource } from './runner-script.js';
export { synthGlue } from './synth-glue.js';
