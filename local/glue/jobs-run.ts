/**
 * One job run's work, as Glue runs it: the script's arguments, the plan at `--plan_uri`, the input
 * files the bookmark hands the run, the plan itself (plan-run.ts), and the bookmark committed only
 * when the run succeeds.
 */
import type { JobPlan } from '../../glue-scripts/index.js';
import type { DuckDb } from '../engines/index.js';
import { type LocalS3, parseS3Uri } from '../s3/local-s3.js';
import { type RunArguments, runArguments } from './jobs-arguments.js';
import type { JobBookmarks } from './jobs-bookmarks.js';
import type { Job } from './jobs-types.js';
import { checkPartitionFolders, type InputFile, isDataFile } from './plan-input.js';
import { latestExtractFiles } from './plan-input-extract.js';
import { incrementalFiles, isFirstIngestion, parseIngestionMark } from './plan-input-partitions.js';
import { type PlanRunOptions, type PlanRunOutcome, runPlan, runWithoutNewInput } from './plan-run.js';

/** The plan cannot be run (missing, unreadable, another plan version), or the run has nothing to read. */
export class PlanError extends Error {
  override readonly name = 'PlanError';
}

const PLAN_VERSION = 6;
const PLAN_KEYS = ['input', 'actions', 'split', 'output', 'quarantine', 'runSummary'] as const;

function objectText(s3: LocalS3, uri: string, what: string): string {
  const { bucket, key } = parseS3Uri(uri);
  try {
    return s3.get(bucket, key).toString('utf8');
  } catch (e) {
    throw new PlanError(`${what} ${uri} cannot be read: ${(e as Error).message}`, { cause: e });
  }
}

/** The plan at `--plan_uri`, checked as the runner's `check_plan` does. */
export function loadPlan(s3: LocalS3, uri: string): JobPlan {
  let plan: Partial<JobPlan>;
  try {
    plan = JSON.parse(objectText(s3, uri, 'the job plan')) as Partial<JobPlan>;
  } catch (e) {
    if (e instanceof PlanError) throw e;
    throw new PlanError(`the job plan ${uri} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (plan.planVersion !== PLAN_VERSION) {
    throw new PlanError(
      `plan version ${JSON.stringify(plan.planVersion)} is not ${PLAN_VERSION}: synthesize the pipeline again with this runner`,
    );
  }
  for (const key of PLAN_KEYS) if (plan[key] === undefined) throw new PlanError(`the plan has no "${key}"`);
  return plan as JobPlan;
}

export interface RunWork {
  readonly job: Job;
  readonly jobRunId: string;
  readonly startedOn: Date;
  readonly arguments: Readonly<Record<string, string>>;
  readonly s3: LocalS3;
  readonly db: DuckDb;
  readonly bookmarks: JobBookmarks;
  readonly scratch: string;
  /** Aborted when the run is stopped or times out. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

/** The input files under the plan's raw prefix, read recursively, as the bookmark sees them. */
function inputFiles(s3: LocalS3, plan: JobPlan): (InputFile & { size: number; lastModified: Date })[] {
  const { bucket, key } = parseS3Uri(plan.input.path);
  return s3
    .list(bucket, key)
    .filter((o) => isDataFile(o.key))
    .map((o) => ({
      uri: `s3://${bucket}/${o.key}`,
      path: s3.path(bucket, o.key),
      size: o.size,
      lastModified: o.lastModified,
    }));
}

/**
 * What every run starts with, whatever engine runs it: the script's arguments, the script where
 * the job says (Glue fails a run whose script is missing), the plan at `--plan_uri`.
 */
export function startRun(
  w: Pick<RunWork, 'job' | 'jobRunId' | 'arguments' | 's3' | 'log'>,
  /** Said after the run id in the log line: ` on Spark`, or nothing for DuckDB. */
  engine: string,
): { readonly args: RunArguments; readonly plan: JobPlan } {
  const args = runArguments(w.job.Name, w.jobRunId, w.job.DefaultArguments, w.arguments);
  objectText(w.s3, w.job.Command.ScriptLocation, 'the job script');
  const plan = loadPlan(w.s3, args.planUri);
  w.log(
    `job ${w.job.Name} run ${w.jobRunId}${engine}: plan ${plan.job} (${plan.steps.length} steps), run id ${args.runId}`,
  );
  return { args, plan };
}

/**
 * A run reading its input incrementally. With a high-water mark: the files of the partitions its
 * entry of the ingestion state does not list, the rows past its mark; the output is replaced on
 * the first ingestion and added to afterwards. A latest-extract read: the newest new partition
 * only, whose rows replace the output. Bookmarks play no part; a run with nothing to read leaves
 * the output as it is. The state is advanced by the state machine, from the summary, once the
 * whole run succeeded.
 */
async function incrementalRun(
  w: RunWork,
  plan: JobPlan,
  args: RunArguments,
  all: readonly (InputFile & { size: number; lastModified: Date })[],
): Promise<PlanRunOutcome> {
  const inc = plan.input.incremental!;
  const mark = parseIngestionMark(args.all[inc.argument]);
  // Every file, read or not, lies in its partition's folders, as the runner checks.
  checkPartitionFolders(plan, all);
  if (inc.mode === 'latest-extract') {
    const choice = latestExtractFiles(plan, all, mark);
    const { partitionsRead, partitionsSuperseded } = choice;
    w.log(
      `latest extract: ${partitionsRead[0] ?? 'no new partition'} to read (${choice.files.length} of ${all.length} input file(s)), ${partitionsSuperseded.length} older new partition(s) superseded`,
    );
    const ingestion = { mark, partitionsRead, partitionsSuperseded };
    if (choice.files.length === 0) return runWithoutNewInput(w.s3, plan, args.runId, ingestion);
    return runFiles(w, plan, args, choice.files, { replaceOutput: true, ingestion });
  }
  const { files, partitions } = incrementalFiles(plan, all, mark);
  const markText = mark.highWaterMark === null ? '' : `, mark ${mark.highWaterMark}`;
  w.log(
    `incremental: ${files.length} of ${all.length} input file(s) to read (${partitions.length} new partition(s)${markText})`,
  );
  const ingestion = { mark, partitionsRead: partitions, partitionsSuperseded: [] };
  if (files.length === 0) return runWithoutNewInput(w.s3, plan, args.runId, ingestion);
  return runFiles(w, plan, args, files, { replaceOutput: isFirstIngestion(mark), ingestion });
}

/** The plan run over the files a run reads. */
const runFiles = (
  w: RunWork,
  plan: JobPlan,
  args: RunArguments,
  files: readonly InputFile[],
  how: Pick<PlanRunOptions, 'replaceOutput' | 'ingestion'>,
): Promise<PlanRunOutcome> =>
  runPlan(plan, {
    db: w.db,
    s3: w.s3,
    runId: args.runId,
    jobRunId: w.jobRunId,
    startedOn: w.startedOn,
    files,
    ...how,
    scratch: w.scratch,
    fileId: w.jobRunId.slice(3, 23),
    signal: w.signal,
    log: w.log,
  });

export async function executeRun(w: RunWork): Promise<PlanRunOutcome & { readonly args: RunArguments }> {
  const { args, plan } = startRun(w, '');

  const all = inputFiles(w.s3, plan);
  if (all.length === 0) throw new PlanError(`no input: ${plan.input.path} holds no data files`);
  if (plan.input.incremental !== null) return { ...(await incrementalRun(w, plan, args, all)), args };
  const context = plan.input.transformationCtx;
  const bookmarked = args.bookmark !== 'job-bookmark-disable' && w.bookmarks.hasState(w.job.Name, context);
  const files = bookmarked ? w.bookmarks.unseen(w.job.Name, context, all) : all;
  w.log(`${args.bookmark}: ${files.length} of ${all.length} input file(s) to read`);
  if (files.length === 0) return { ...runWithoutNewInput(w.s3, plan, args.runId), args };

  const outcome = await runFiles(w, plan, args, files, { replaceOutput: !bookmarked });
  w.signal.throwIfAborted();
  if (args.bookmark === 'job-bookmark-enable') w.bookmarks.commit(w.job.Name, w.jobRunId, context, files);
  return { ...outcome, args };
}
