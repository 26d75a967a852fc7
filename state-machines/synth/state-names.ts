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
  /**
   * A level of independent tasks: `Run jobs a, b` when they are all jobs, else `Run a, b`; past the
   * name limit, its position stands in for the list.
   */
  runLevel: (tasks: readonly { readonly kind: string; readonly name: string }[], level: number) => {
    const names = tasks.map((t) => t.name);
    if (tasks.every((t) => t.kind === 'job')) return STATE_NAMES.runJobs(names, level);
    const listed = `Run ${names.join(', ')}`;
    return [...listed].length <= MAX_STATE_NAME_LENGTH ? listed : `Run task group ${level + 1}`;
  },
  /** Ends a Parallel branch whose task ends in a Choice (a crawl's poll loop). */
  taskDone: (task: string) => `${task} done`,
  readSummary: (job: string) => `Read run summary ${job}`,
  notifySuccess: 'Notify success',
  succeeded: 'Pipeline succeeded',
  notifyFailure: 'Notify failure',
  failed: 'Pipeline failed',
  /** A load task's label in its state names: `warehouse-load` → `Start warehouse load`. */
  warehouseLoad: (task: string) => task.replaceAll('-', ' '),
} as const;
