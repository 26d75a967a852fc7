/**
 * Serves `arn:aws:states:::glue:startJobRun.sync` and `arn:aws:states:::glue:startJobRun`, Step
 * Functions' optimized Glue integration. `.sync` starts the run, waits for it to end and returns
 * the JobRun; a run that ends FAILED, TIMEOUT or STOPPED fails the task with States.TaskFailed and
 * the JobRun (as JSON) as its cause. Without `.sync` the task returns at once with the run's id and
 * the job name. Errors of the StartJobRun call itself come out as `Glue.<exception>`, which is what
 * a state's Retry matches (`Glue.ConcurrentRunsExceededException`).
 */
import { AwsServiceError, type JsonValue, type TaskHandler } from '../executor/types.js';
import type { LocalGlueJobs } from '../glue/jobs.js';
import type { JobRun, StartJobRunInput } from '../glue/jobs-types.js';

/** A Glue API error as Step Functions names it; anything else is the task failing. */
export function asGlueTaskError(e: unknown): Error {
  if (e instanceof AwsServiceError) {
    return e.name.startsWith('Glue.') ? e : new AwsServiceError(`Glue.${e.name}`, e.message, { cause: e });
  }
  return new AwsServiceError('States.TaskFailed', e instanceof Error ? e.message : String(e), { cause: e });
}

/** A JobRun as the optimized integration returns it: keys sorted, timestamps as epoch milliseconds. */
export function jobRunOutput(run: JobRun): JsonValue {
  const entries = Object.entries(run)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => [k, v instanceof Date ? v.getTime() : v]);
  return Object.fromEntries(entries) as JsonValue;
}

function startInput(input: JsonValue): StartJobRunInput {
  const params = (input ?? {}) as Partial<StartJobRunInput>;
  if (typeof params.JobName !== 'string')
    throw new AwsServiceError('Glue.InvalidInputException', 'JobName is required');
  return params as StartJobRunInput;
}

function start(jobs: LocalGlueJobs, params: StartJobRunInput): string {
  try {
    return jobs.startJobRun(params).JobRunId;
  } catch (e) {
    throw asGlueTaskError(e);
  }
}

/** `arn:aws:states:::glue:startJobRun.sync` */
export const glueStartJobRunSync =
  (jobs: LocalGlueJobs): TaskHandler =>
  async (input) => {
    const params = startInput(input);
    const RunId = start(jobs, params);
    const run = await jobs.waitForJobRun({ JobName: params.JobName, RunId });
    const output = jobRunOutput(run);
    if (run.JobRunState === 'SUCCEEDED') return output;
    throw new AwsServiceError('States.TaskFailed', JSON.stringify(output));
  };

/** `arn:aws:states:::glue:startJobRun` */
export const glueStartJobRun =
  (jobs: LocalGlueJobs): TaskHandler =>
  async (input) => {
    const params = startInput(input);
    return { JobName: params.JobName, JobRunId: start(jobs, params) };
  };
