/**
 * glue-scripts: model → Glue crawler and job configs, the job plans both engines execute, the
 * PySpark runner and the Glue role.
 */

export { CSV_OPTIONS } from '../core/index.js';
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
export * from './plan/job-plan-types.js';
export { PII_PATTERNS, PII_TEXT_ORDER } from './plan/pii-patterns.js';
export type { PlanDeps } from './plan/step-context.js';
export { runnerSource } from './runner-script.js';
export { synthGlue } from './synth-glue.js';
