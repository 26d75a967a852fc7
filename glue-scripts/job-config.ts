/**
 * Glue CreateJob inputs: every job runs the same script, lakeline_runner.py, on its own plan.
 * Glue 5.0 (Spark 3.5.4, Python 3.11, Java 17) is the engine the Spark dialect of core/sql targets;
 * it logs to CloudWatch in real time, so `--enable-continuous-cloudwatch-log` (Glue 4.0's) is not set.
 */
import {
  type Job,
  type Pipeline,
  resourceName,
  resourceTags,
  roleArn,
  type Stage,
  s3Uri,
} from '../core/index.js';
import { glueRoleName } from './crawler-config.js';

export const GLUE_VERSION = '5.0';
export const RUNNER_SCRIPT = 'lakeline_runner.py';

export interface JobConfig {
  readonly Name: string;
  readonly Description: string;
  readonly Role: string;
  readonly Command: {
    readonly Name: 'glueetl';
    readonly ScriptLocation: string;
    readonly PythonVersion: '3';
  };
  readonly GlueVersion: typeof GLUE_VERSION;
  readonly WorkerType: string;
  readonly NumberOfWorkers: number;
  /** Minutes. */
  readonly Timeout: number;
  readonly MaxRetries: number;
  readonly ExecutionProperty: { readonly MaxConcurrentRuns: 1 };
  readonly ExecutionClass: 'STANDARD';
  readonly DefaultArguments: Readonly<Record<string, string>>;
  readonly Tags: Readonly<Record<string, string>>;
}

export const glueJobName = (pipeline: Pipeline, stage: Stage, job: Job): string =>
  resourceName(pipeline.name, stage, job.name);
export const runnerScriptUri = (pipeline: Pipeline, stage: Stage): string =>
  s3Uri(pipeline.name, stage, 'scripts', RUNNER_SCRIPT);
export const planUri = (pipeline: Pipeline, stage: Stage, job: Job): string =>
  s3Uri(pipeline.name, stage, 'plans', `${job.name}.json`);
export const tempDir = (pipeline: Pipeline, stage: Stage, job: Job): string =>
  s3Uri(pipeline.name, stage, 'temp', `${job.name}/`);

export function jobConfig(pipeline: Pipeline, stage: Stage, job: Job): JobConfig {
  return {
    Name: glueJobName(pipeline, stage, job),
    Description: `${pipeline.name}: ${job.input.name} (raw) → ${job.output.name} (processed), ${job.steps.length} steps.`,
    Role: roleArn(stage, glueRoleName(pipeline, stage)),
    Command: { Name: 'glueetl', ScriptLocation: runnerScriptUri(pipeline, stage), PythonVersion: '3' },
    GlueVersion: GLUE_VERSION,
    WorkerType: job.workerType,
    NumberOfWorkers: job.numberOfWorkers,
    Timeout: job.timeoutMinutes,
    MaxRetries: job.maxRetries,
    // Bookmarks advance per run: two concurrent runs would read the same new files twice.
    ExecutionProperty: { MaxConcurrentRuns: 1 },
    ExecutionClass: 'STANDARD',
    DefaultArguments: {
      '--job-language': 'python',
      // A job reading incrementally keeps its place in the pipeline's ingestion state instead.
      '--job-bookmark-option': job.bookmark ? 'job-bookmark-enable' : 'job-bookmark-disable',
      '--enable-metrics': 'true',
      '--enable-observability-metrics': 'true',
      '--enable-job-insights': 'true',
      '--enable-spark-ui': 'true',
      '--spark-event-logs-path': s3Uri(pipeline.name, stage, 'temp', `spark-ui/${job.name}/`),
      '--TempDir': tempDir(pipeline, stage, job),
      '--plan_uri': planUri(pipeline, stage, job),
    },
    Tags: resourceTags(pipeline.name, stage),
  };
}
