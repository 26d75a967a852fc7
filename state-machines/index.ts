/** Model → Step Functions: typed state builders, the orchestration patterns, and the pipeline synth. */
export { branch, type Chain, chain, chainOf, including, isOpen, next, transitions } from './chain.js';
export { type Condition, cond, renderCondition } from './conditions.js';
export { StateDefinitionError, StateMachineValidationError, type StateProblem } from './errors.js';
export { escapeIntrinsicText, type FormatPart, format, pathKey, ref } from './intrinsics.js';
export type { JsonObject, JsonValue } from './json.js';
export { crawlAndWait, GLUE_GET_CRAWLER, GLUE_START_CRAWLER } from './patterns/crawl-and-wait.js';
export {
  CRAWL_FAILED,
  catchAll,
  ERROR_PATH,
  type FailureRoute,
  failureRoute,
  recordFailure,
  rethrow,
  STATEMENT_FAILED,
} from './patterns/failure.js';
export { GLUE_START_JOB_RUN_SYNC, runGlueJob } from './patterns/glue-job.js';
export { readJsonObject, S3_GET_OBJECT } from './patterns/read-json-object.js';
export { REDSHIFT_BATCH_EXECUTE, REDSHIFT_DESCRIBE, redshiftBatch } from './patterns/redshift-statement.js';
export { SNS_PUBLISH, snsPublish } from './patterns/sns-publish.js';
export { type AslState, renderState } from './render-state.js';
export {
  allStates,
  renderStateMachine,
  type StateMachine,
  stateMachine,
  stateMachineGrants,
} from './state-machine.js';
export {
  type Catcher,
  choice,
  fail,
  type MapState,
  map,
  nestedBranches,
  parallel,
  pass,
  type Retrier,
  type State,
  type StateKind,
  succeed,
  task,
  wait,
} from './states.js';
export { type ScheduleDefinition, scheduleDefinition } from './synth/schedule.js';
export { type StateMachineInputs, synthStateMachine } from './synth/synth-state-machine.js';
export { type TopicDefinition, topicDefinition } from './synth/topic.js';
