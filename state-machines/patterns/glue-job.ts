/**
 * A Glue job run through the optimized integration with Run a Job (`.sync`): Step Functions
 * starts the run and waits for it, failing the Task with States.TaskFailed if the run fails.
 * A failed run is not retried here; the job's own MaxRetries is Glue's business.
 */
import type { JsonObject } from '../json.js';
import { type Catcher, type TaskState, task } from '../states.js';
import { GLUE_CONCURRENT_RUNS, GLUE_TRANSIENT, retrier } from './retry-policies.js';

export const GLUE_START_JOB_RUN_SYNC = 'arn:aws:states:::glue:startJobRun.sync';

/** What Step Functions calls for `.sync` on a Glue job: start, poll the run, stop it on timeout or abort. */
export const GLUE_SYNC_ACTIONS = [
  'glue:StartJobRun',
  'glue:GetJobRun',
  'glue:GetJobRuns',
  'glue:BatchStopJobRun',
];

export function runGlueJob(
  name: string,
  spec: {
    readonly jobName: string;
    readonly jobArn: string;
    /** Job arguments for this run, e.g. `{ '--run_id.$': '$$.Execution.Name' }`. */
    readonly arguments: JsonObject;
    /** A backstop above the job's own Glue timeout, so a lost run cannot hold the execution forever. */
    readonly timeoutSeconds: number;
    readonly catch: readonly Catcher[];
    readonly next?: string;
  },
): TaskState {
  return task(name, {
    resource: GLUE_START_JOB_RUN_SYNC,
    parameters: { JobName: spec.jobName, Arguments: spec.arguments },
    // The run's results are read from its summary in S3; the JobRun object would only weigh on the payload.
    resultPath: null,
    timeoutSeconds: spec.timeoutSeconds,
    retry: [
      retrier(GLUE_TRANSIENT),
      retrier([GLUE_CONCURRENT_RUNS], { intervalSeconds: 60, maxAttempts: 5, backoffRate: 2 }),
    ],
    catch: spec.catch,
    grants: [{ actions: GLUE_SYNC_ACTIONS, resources: [spec.jobArn] }],
    ...(spec.next === undefined ? {} : { next: spec.next }),
  });
}
