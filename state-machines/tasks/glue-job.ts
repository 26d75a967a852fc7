/** A Glue job task: `glue:startJobRun.sync`, keyed by the execution name (patterns/glue-job.ts). */
import { INGESTION_STATE_ARGUMENT, type Job } from '../../core/index.js';
import { chainOf } from '../chain.js';
import { catchAll } from '../patterns/failure.js';
import { runGlueJob } from '../patterns/glue-job.js';
import { ingestionArgument } from '../patterns/ingestion-state.js';
import { glueJobArn, glueJobName } from '../synth/resource-arns.js';
import { STATE_NAMES } from '../synth/state-names.js';
import { MARGIN_SECONDS, type TaskRenderer } from './task-renderer.js';

const EXECUTION_NAME = '$$.Execution.Name';

/** Glue stops a run at its own timeout (per attempt); the Task's timeout is only a backstop above that. */
const jobTimeoutSeconds = (job: Job): number =>
  job.timeoutMinutes * 60 * (job.maxRetries + 1) + MARGIN_SECONDS;

export const glueJobRenderer: TaskRenderer<Job> = {
  toStates: (job, { pipeline, stage, failure }) =>
    chainOf(
      runGlueJob(STATE_NAMES.runJob(job.name), {
        jobName: glueJobName(pipeline, stage, job),
        jobArn: glueJobArn(pipeline, stage, job),
        // The Glue runner keys its run summary by this id; the state machine reads it back by the same.
        arguments: {
          '--run_id.$': EXECUTION_NAME,
          // An incremental read is given its dataset's entry of the ingestion state, read at the start.
          ...(job.incremental === null
            ? {}
            : { [`${INGESTION_STATE_ARGUMENT}.$`]: ingestionArgument(job.input.name) }),
        },
        timeoutSeconds: jobTimeoutSeconds(job),
        catch: catchAll(failure),
      }),
    ),
  failedState: (job) => STATE_NAMES.jobFailed(job.name),
  budgetSeconds: jobTimeoutSeconds,
};
