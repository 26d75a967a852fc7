/**
 * The Glue job API shapes the local service speaks: CreateJob input as synthesized in the tree
 * (`artifactLayout.jobConfigs`), and StartJobRun / GetJobRun as the AWS SDK v3 returns them (dates as
 * Date objects; the Step Functions handlers render them as Step Functions does).
 */
/** Glue's JobRunState values (GetJobRun). */
export type JobRunState =
  | 'STARTING'
  | 'RUNNING'
  | 'STOPPING'
  | 'STOPPED'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMEOUT'
  | 'ERROR'
  | 'WAITING'
  | 'EXPIRED';

export const FINISHED_STATES: ReadonlySet<JobRunState> = new Set([
  'STOPPED',
  'SUCCEEDED',
  'FAILED',
  'TIMEOUT',
  'ERROR',
  'EXPIRED',
]);

/** The CreateJob input: a synthesized `JobConfig` is one; other callers may leave the optional fields out. */
export interface CreateJobInput {
  readonly Name: string;
  readonly Role: string;
  readonly Command: {
    readonly Name: string;
    readonly ScriptLocation: string;
    readonly PythonVersion?: string;
  };
  readonly Description?: string;
  readonly DefaultArguments?: Readonly<Record<string, string>>;
  readonly ExecutionProperty?: { readonly MaxConcurrentRuns?: number };
  readonly GlueVersion?: string;
  readonly WorkerType?: string;
  readonly NumberOfWorkers?: number;
  /** Minutes. */
  readonly Timeout?: number;
  readonly MaxRetries?: number;
  readonly ExecutionClass?: string;
  readonly Tags?: Readonly<Record<string, string>>;
}

/** UpdateJob's JobUpdate: the whole new definition (UpdateJob replaces the job's, as on Glue). */
export type JobUpdate = Omit<CreateJobInput, 'Name' | 'Tags'>;

export interface Job {
  readonly Name: string;
  readonly Description?: string;
  readonly Role: string;
  readonly Command: CreateJobInput['Command'];
  readonly Tags: Readonly<Record<string, string>>;
  readonly DefaultArguments: Readonly<Record<string, string>>;
  readonly ExecutionProperty: { readonly MaxConcurrentRuns: number };
  readonly GlueVersion: string;
  readonly WorkerType: string;
  readonly NumberOfWorkers: number;
  readonly Timeout: number;
  readonly MaxRetries: number;
  readonly ExecutionClass: string;
  readonly CreatedOn: Date;
  readonly LastModifiedOn: Date;
}

export interface StartJobRunInput {
  readonly JobName: string;
  readonly Arguments?: Readonly<Record<string, string>>;
  /** Minutes; overrides the job's Timeout for this run. */
  readonly Timeout?: number;
  readonly WorkerType?: string;
  readonly NumberOfWorkers?: number;
  readonly ExecutionClass?: string;
}

export interface JobRun {
  readonly Id: string;
  readonly Attempt: number;
  readonly JobName: string;
  readonly JobMode: 'SCRIPT';
  readonly StartedOn: Date;
  readonly LastModifiedOn: Date;
  readonly CompletedOn?: Date;
  readonly JobRunState: JobRunState;
  /** The arguments given to StartJobRun (the job's defaults are not repeated here, as in Glue). */
  readonly Arguments: Readonly<Record<string, string>>;
  readonly ErrorMessage?: string;
  readonly PredecessorRuns: readonly { readonly JobName: string; readonly RunId: string }[];
  readonly AllocatedCapacity: number;
  /** Seconds the run took. */
  readonly ExecutionTime: number;
  /** Minutes. */
  readonly Timeout: number;
  readonly MaxCapacity: number;
  readonly WorkerType: string;
  readonly NumberOfWorkers: number;
  readonly LogGroupName: string;
  readonly GlueVersion: string;
  readonly ExecutionClass: string;
}

export interface JobBookmarkEntry {
  readonly JobName: string;
  readonly Version: number;
  readonly Run: number;
  readonly Attempt: number;
  readonly RunId?: string;
  readonly PreviousRunId?: string;
  /** JSON text: per transformation context, the input files already processed. */
  readonly JobBookmark: string;
}
