/**
 * The names of the pipeline's states, in one place. They are how users refer to states (the
 * console, `run.json`, `simulate --fail "Run job enrollments=Glue.ConcurrentRunsExceededException"`),
 * so they read as sentences and change only when the model does.
 */
import { MAX_STATE_NAME_LENGTH } from '../states.js';

export const STATE_NAMES = {
  runJob: (job: string) => `Run job ${job}`,
  /** Inside a Parallel branch: re-raises the job's error so the Parallel's Catch sees it unchanged. */
  jobFailed: (job: string) => `Job ${job} failed`,
  /** A level of independent jobs; past the name limit, its position stands in for the list. */
  runJobs: (jobs: readonly string[], level: number) => {
    const listed = `Run jobs ${jobs.join(', ')}`;
    return [...listed].length <= MAX_STATE_NAME_LENGTH ? listed : `Run job group ${level + 1}`;
  },
  readSummary: (job: string) => `Read run summary ${job}`,
  notifySuccess: 'Notify success',
  succeeded: 'Pipeline succeeded',
  notifyFailure: 'Notify failure',
  failed: 'Pipeline failed',
  warehouseLoad: 'warehouse load',
} as const;
