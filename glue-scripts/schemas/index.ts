/**
 * The JSON Schemas of the Glue configs and job plans, and their validators. Kept out of the
 * folder's index: building the schemas takes a noticeable part of a second, which only `validate`
 * (and the tests) should pay, not every command that synthesizes or simulates.
 */
export {
  ClassifierConfigSchema,
  CrawlerConfigSchema,
  JobConfigSchema,
  validateClassifierConfig,
  validateCrawlerConfig,
  validateJobConfig,
} from './config-schemas.js';
export { JobPlanSchema, validatePlan } from './plan-schema.js';
