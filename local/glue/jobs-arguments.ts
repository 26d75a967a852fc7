/**
 * A run's arguments as the script sees them on Glue: the job's DefaultArguments overlaid with the
 * run's Arguments, plus what Glue itself adds (`--JOB_NAME`, `--JOB_RUN_ID`). The runner requires
 * `--plan_uri` and takes its run id from `--run_id`, else from Glue's run id.
 */

export type BookmarkOption = 'job-bookmark-enable' | 'job-bookmark-disable' | 'job-bookmark-pause';

const BOOKMARK_OPTIONS: readonly BookmarkOption[] = [
  'job-bookmark-enable',
  'job-bookmark-disable',
  'job-bookmark-pause',
];

export interface RunArguments {
  readonly all: Readonly<Record<string, string>>;
  readonly planUri: string;
  readonly runId: string;
  /** Glue's default is job-bookmark-disable. */
  readonly bookmark: BookmarkOption;
}

/** The script could not start with these arguments (Glue reports the script's own argument error). */
export class JobArgumentError extends Error {
  override readonly name = 'GlueArgumentError';
}

export function runArguments(
  jobName: string,
  runId: string,
  defaults: Readonly<Record<string, string>>,
  given: Readonly<Record<string, string>>,
): RunArguments {
  const all: Record<string, string> = { ...defaults, ...given, '--JOB_NAME': jobName, '--JOB_RUN_ID': runId };
  const planUri = all['--plan_uri'];
  if (planUri === undefined || planUri === '')
    throw new JobArgumentError('the following arguments are required: --plan_uri');
  const option = all['--job-bookmark-option'] ?? 'job-bookmark-disable';
  const bookmark = BOOKMARK_OPTIONS.find((o) => o === option);
  if (bookmark === undefined) {
    throw new JobArgumentError(
      `--job-bookmark-option must be one of ${BOOKMARK_OPTIONS.join(', ')}, not ${JSON.stringify(option)}`,
    );
  }
  const resolved = all['--run_id'] || runId;
  if (resolved.includes('/') || resolved === '.' || resolved === '..')
    throw new JobArgumentError(`run id ${JSON.stringify(resolved)} cannot be part of an S3 key`);
  return { all, planUri, runId: resolved, bookmark };
}
