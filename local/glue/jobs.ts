/**
 * Glue jobs on one machine: jobs are created from the synthesized CreateJob inputs, and a run
 * executes the job's plan on DuckDB (jobs-run.ts), or the job's script on Spark
 * (jobs-run-spark.ts), in the background, reporting through GetJobRun
 * as Glue does: RUNNING, then SUCCEEDED, FAILED (with ErrorMessage), TIMEOUT or STOPPED.
 * UpdateJob replaces a job's definition and DeleteJob removes it (runs already started go on);
 * tags are the job's own, given at CreateJob or with TagResource.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { excerpt, type RunSummary } from '../../core/index.js';
import type { DataQualityResult } from '../../quality-rules/index.js';
import { DuckDb } from '../engines/index.js';
import { AwsServiceError } from '../executor/types.js';
import type { LocalS3 } from '../s3/local-s3.js';
import { SparkDriver, type SparkSubmit } from '../spark/submit.js';
import { JobBookmarks } from './jobs-bookmarks.js';
import { executeRun } from './jobs-run.js';
import { executeSparkRun } from './jobs-run-spark.js';
import {
  type CreateJobInput,
  FINISHED_STATES,
  type Job,
  type JobBookmarkEntry,
  type JobRun,
  type JobRunState,
  type JobUpdate,
  type StartJobRunInput,
} from './jobs-types.js';
import { type PlanRunOutcome, PlanStatementError, QualityGateFailed } from './plan-run.js';
import { documentJson } from './plan-summary.js';

export interface LocalGlueJobsOptions {
  readonly s3: LocalS3;
  /** The workdir's `glue/` folder: bookmarks, run logs, published DQ results, scratch files. */
  readonly dir: string;
  /** How long one Glue minute lasts here, for run timeouts; 60 000 ms unless a test shortens it. */
  readonly minuteMs?: number;
  /** DuckDB threads per run; DuckDB's own choice (the machine's cores) by default. */
  readonly threads?: number;
  /**
   * Runs go to Spark instead of DuckDB: the job's script, as uploaded, run by one Spark driver
   * for all the runs (`simulate --engine spark`).
   */
  readonly spark?: SparkSubmit;
}

interface RunRecord {
  run: JobRun;
  done: Promise<JobRun>;
  readonly abort: AbortController;
  db?: DuckDb;
  summary?: RunSummary;
  published: readonly DataQualityResult[];
  readonly log: string[];
}

const ACTIVE: ReadonlySet<JobRunState> = new Set(['STARTING', 'RUNNING', 'STOPPING', 'WAITING']);

/** DPUs per worker of each worker type (Glue's MaxCapacity is workers × DPUs). */
const WORKER_DPU: Readonly<Record<string, number>> = {
  'G.025X': 0.25,
  'G.1X': 1,
  'G.2X': 2,
  'G.4X': 4,
  'G.8X': 8,
  'Z.2X': 2,
  Standard: 1,
};

const notFound = (what: string) => new AwsServiceError('EntityNotFoundException', what);

/** A job's definition from CreateJob's input or UpdateJob's JobUpdate, with Glue's defaults. */
function jobFrom(
  name: string,
  input: JobUpdate,
  kept: { readonly createdOn: Date; readonly tags: Readonly<Record<string, string>> },
): Job {
  if (!input.Role || !input.Command?.ScriptLocation)
    throw new AwsServiceError(
      'InvalidInputException',
      `Job ${name}: Role and Command.ScriptLocation are required`,
    );
  return {
    Name: name,
    ...(input.Description === undefined ? {} : { Description: input.Description }),
    Role: input.Role,
    Command: input.Command,
    Tags: kept.tags,
    DefaultArguments: input.DefaultArguments ?? {},
    ExecutionProperty: { MaxConcurrentRuns: input.ExecutionProperty?.MaxConcurrentRuns ?? 1 },
    GlueVersion: input.GlueVersion ?? '0.9',
    WorkerType: input.WorkerType ?? 'G.1X',
    NumberOfWorkers: input.NumberOfWorkers ?? 10,
    Timeout: input.Timeout ?? 2880,
    MaxRetries: input.MaxRetries ?? 0,
    ExecutionClass: input.ExecutionClass ?? 'STANDARD',
    CreatedOn: kept.createdOn,
    LastModifiedOn: new Date(),
  };
}

/** Long enough for any message of ours; an engine's message quoting a huge record is cut. */
const ERROR_MESSAGE_CHARS = 2000;

function errorMessage(e: unknown): string {
  const message =
    e instanceof PlanStatementError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return excerpt(message, ERROR_MESSAGE_CHARS);
}

export class LocalGlueJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly runs = new Map<string, Map<string, RunRecord>>();
  private readonly bookmarks: JobBookmarks;
  private readonly minuteMs: number;
  /** The Spark driver every run on Spark goes to, started with the first. */
  private driver: SparkDriver | undefined;

  constructor(private readonly options: LocalGlueJobsOptions) {
    this.bookmarks = new JobBookmarks(join(options.dir, 'bookmarks'));
    this.minuteMs = options.minuteMs ?? 60_000;
  }

  createJob(input: CreateJobInput): { Name: string } {
    if (!input.Name) throw new AwsServiceError('InvalidInputException', 'Name is required');
    if (this.jobs.has(input.Name))
      throw new AwsServiceError('AlreadyExistsException', `Job ${input.Name} already exists`);
    const now = new Date();
    this.jobs.set(input.Name, jobFrom(input.Name, input, { createdOn: now, tags: input.Tags ?? {} }));
    this.runs.set(input.Name, new Map());
    return { Name: input.Name };
  }

  /** Replaces the job's definition with JobUpdate, as Glue does: what it leaves out takes the defaults. */
  updateJob(input: { JobName: string; JobUpdate: JobUpdate }): { JobName: string } {
    const { Job: job } = this.getJob(input);
    this.jobs.set(job.Name, jobFrom(job.Name, input.JobUpdate, { createdOn: job.CreatedOn, tags: job.Tags }));
    return { JobName: job.Name };
  }

  /** Idempotent, as on Glue: a job that does not exist is no error. Runs already started go on. */
  deleteJob(input: { JobName: string }): { JobName: string } {
    this.jobs.delete(input.JobName);
    this.runs.delete(input.JobName);
    return { JobName: input.JobName };
  }

  getJobs(): { Jobs: Job[] } {
    return { Jobs: [...this.jobs.values()].sort((a, b) => a.Name.localeCompare(b.Name)) };
  }

  tagJob(input: { JobName: string; Tags: Readonly<Record<string, string>> }): void {
    const { Job: job } = this.getJob(input);
    this.jobs.set(job.Name, { ...job, Tags: { ...job.Tags, ...input.Tags } });
  }

  untagJob(input: { JobName: string; TagKeys: readonly string[] }): void {
    const { Job: job } = this.getJob(input);
    const tags = { ...job.Tags };
    for (const key of input.TagKeys) delete tags[key];
    this.jobs.set(job.Name, { ...job, Tags: tags });
  }

  getJob(input: { JobName: string }): { Job: Job } {
    const job = this.jobs.get(input.JobName);
    if (job === undefined) throw notFound(`Job with name ${input.JobName} not found`);
    return { Job: job };
  }

  /** The job names, those carrying every tag of `Tags` when it is given (ListJobs' filter). */
  listJobs(input: { Tags?: Readonly<Record<string, string>> } = {}): { JobNames: string[] } {
    const wanted = Object.entries(input.Tags ?? {});
    return {
      JobNames: [...this.jobs.values()]
        .filter((job) => wanted.every(([k, v]) => job.Tags[k] === v))
        .map((job) => job.Name)
        .sort(),
    };
  }

  startJobRun(input: StartJobRunInput): { JobRunId: string } {
    if (typeof input?.JobName !== 'string' || input.JobName === '')
      throw new AwsServiceError('InvalidInputException', 'JobName is required');
    const job = this.jobs.get(input.JobName);
    if (job === undefined) throw notFound(`Failed to start job run: job ${input.JobName} not found`);
    const runs = this.runs.get(job.Name)!;
    const active = [...runs.values()].filter((r) => ACTIVE.has(r.run.JobRunState)).length;
    if (active >= job.ExecutionProperty.MaxConcurrentRuns) {
      throw new AwsServiceError(
        'ConcurrentRunsExceededException',
        `Concurrent runs exceeded for ${job.Name}: ${active} of MaxConcurrentRuns ${job.ExecutionProperty.MaxConcurrentRuns} running`,
      );
    }
    const id = `jr_${randomBytes(32).toString('hex')}`;
    const now = new Date();
    const workerType = input.WorkerType ?? job.WorkerType;
    const workers = input.NumberOfWorkers ?? job.NumberOfWorkers;
    const capacity = workers * (WORKER_DPU[workerType] ?? 1);
    const run: JobRun = {
      Id: id,
      Attempt: 0,
      JobName: job.Name,
      JobMode: 'SCRIPT',
      StartedOn: now,
      LastModifiedOn: now,
      JobRunState: 'RUNNING',
      Arguments: { ...(input.Arguments ?? {}) },
      PredecessorRuns: [],
      AllocatedCapacity: Math.round(capacity),
      ExecutionTime: 0,
      Timeout: input.Timeout ?? job.Timeout,
      MaxCapacity: capacity,
      WorkerType: workerType,
      NumberOfWorkers: workers,
      LogGroupName: '/aws-glue/jobs',
      GlueVersion: job.GlueVersion,
      ExecutionClass: input.ExecutionClass ?? job.ExecutionClass,
    };
    const record: RunRecord = {
      run: Object.freeze(run),
      done: Promise.resolve(run),
      abort: new AbortController(),
      log: [],
      published: [],
    };
    runs.set(id, record);
    record.done = this.execute(job, record);
    return { JobRunId: id };
  }

  private record(jobName: string, runId: string): RunRecord {
    const runs = this.runs.get(jobName);
    if (runs === undefined) throw notFound(`Job with name ${jobName} not found`);
    const record = runs.get(runId);
    if (record === undefined) throw notFound(`Job run ${runId} of job ${jobName} not found`);
    return record;
  }

  getJobRun(input: { JobName: string; RunId: string }): { JobRun: JobRun } {
    return { JobRun: this.record(input.JobName, input.RunId).run };
  }

  /** The job's runs, newest first. */
  getJobRuns(input: { JobName: string }): { JobRuns: JobRun[] } {
    this.getJob(input);
    return { JobRuns: [...this.runs.get(input.JobName)!.values()].map((r) => r.run).reverse() };
  }

  /** Resolves when the run has ended, with its final JobRun (what a `.sync` task waits for). */
  waitForJobRun(input: { JobName: string; RunId: string }): Promise<JobRun> {
    return this.record(input.JobName, input.RunId).done;
  }

  batchStopJobRun(input: { JobName: string; JobRunIds: readonly string[] }): {
    SuccessfulSubmissions: { JobName: string; JobRunId: string }[];
    Errors: { JobName: string; JobRunId: string; ErrorDetail: { ErrorCode: string; ErrorMessage: string } }[];
  } {
    const out: ReturnType<LocalGlueJobs['batchStopJobRun']> = { SuccessfulSubmissions: [], Errors: [] };
    for (const id of input.JobRunIds) {
      const record = this.runs.get(input.JobName)?.get(id);
      if (record === undefined || !ACTIVE.has(record.run.JobRunState)) {
        const ErrorMessage =
          record === undefined ? 'Job run not found' : `Job run is ${record.run.JobRunState}`;
        out.Errors.push({
          JobName: input.JobName,
          JobRunId: id,
          ErrorDetail: { ErrorCode: 'InvalidInputException', ErrorMessage },
        });
        continue;
      }
      this.update(record, { JobRunState: 'STOPPING' });
      this.abort(record);
      out.SuccessfulSubmissions.push({ JobName: input.JobName, JobRunId: id });
    }
    return out;
  }

  getJobBookmark(input: { JobName: string }): { JobBookmarkEntry: JobBookmarkEntry } {
    this.getJob(input);
    const entry = this.bookmarks.get(input.JobName);
    if (entry === undefined) throw notFound(`Continuation for job ${input.JobName} not found`);
    return { JobBookmarkEntry: entry };
  }

  resetJobBookmark(input: { JobName: string }): { JobBookmarkEntry: JobBookmarkEntry } {
    this.getJob(input);
    return { JobBookmarkEntry: this.bookmarks.reset(input.JobName) };
  }

  /** Stops what the runs started (the Spark driver); runs still going on are failed by it. */
  async close(): Promise<void> {
    await this.driver?.close();
    this.driver = undefined;
  }

  /** What Glue Data Quality published for a run (the DataQualityResult documents). */
  dataQualityResults(input: { JobName: string; RunId: string }): readonly DataQualityResult[] {
    return this.record(input.JobName, input.RunId).published;
  }

  /** The run summary a run wrote, once it has written one. */
  runSummary(input: { JobName: string; RunId: string }): RunSummary | undefined {
    return this.record(input.JobName, input.RunId).summary;
  }

  /** Ends the run's work: the statement running now is interrupted, the next ones do not start. */
  private abort(record: RunRecord): void {
    record.abort.abort();
    record.db?.interrupt();
  }

  private update(record: RunRecord, change: Partial<JobRun>): void {
    record.run = Object.freeze({ ...record.run, ...change, LastModifiedOn: new Date() });
  }

  private finish(record: RunRecord, state: JobRunState, errorMessage?: string): void {
    if (FINISHED_STATES.has(record.run.JobRunState)) return;
    const now = new Date();
    this.update(record, {
      JobRunState: record.run.JobRunState === 'STOPPING' ? 'STOPPED' : state,
      CompletedOn: now,
      ExecutionTime: Math.round((now.getTime() - record.run.StartedOn.getTime()) / 1000),
      ...(errorMessage === undefined || record.run.JobRunState === 'STOPPING'
        ? {}
        : { ErrorMessage: errorMessage }),
    });
  }

  private async execute(job: Job, record: RunRecord): Promise<JobRun> {
    // Let startJobRun return first, as the Glue API does.
    await new Promise((resolve) => setImmediate(resolve));
    const id = record.run.Id;
    const scratch = join(this.options.dir, 'scratch', id);
    const log = (line: string) => record.log.push(`${new Date().toISOString()} ${line}`);
    const timer = setTimeout(() => {
      this.finish(record, 'TIMEOUT', `Job run timed out after ${record.run.Timeout} minute(s)`);
      this.abort(record);
    }, record.run.Timeout * this.minuteMs);
    const work = {
      job,
      jobRunId: id,
      startedOn: record.run.StartedOn,
      arguments: record.run.Arguments,
      s3: this.options.s3,
      bookmarks: this.bookmarks,
      signal: record.abort.signal,
      log,
    };
    try {
      let outcome: PlanRunOutcome;
      if (this.options.spark === undefined) {
        mkdirSync(scratch, { recursive: true });
        record.db = await DuckDb.open(
          this.options.threads === undefined ? {} : { threads: this.options.threads },
        );
        outcome = await executeRun({ ...work, db: record.db, scratch });
      } else {
        this.driver ??= new SparkDriver(this.options.spark);
        outcome = await executeSparkRun({ ...work, spark: this.driver });
      }
      record.summary = outcome.summary;
      record.published = outcome.published;
      this.finish(record, 'SUCCEEDED');
    } catch (e) {
      if (e instanceof QualityGateFailed) {
        record.summary = e.outcome.summary;
        record.published = e.outcome.published;
      }
      log(`failed: ${errorMessage(e)}`);
      this.finish(record, 'FAILED', errorMessage(e));
    } finally {
      clearTimeout(timer);
      record.db?.close();
      delete record.db;
      rmSync(scratch, { recursive: true, force: true });
      this.writeLog(job.Name, id, record);
    }
    return record.run;
  }

  private writeLog(jobName: string, runId: string, record: RunRecord): void {
    const dir = join(this.options.dir, 'runs', encodeURIComponent(jobName));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${runId}.json`),
      `${documentJson({ JobRun: record.run, log: record.log, summary: record.summary ?? null })}\n`,
    );
  }
}
