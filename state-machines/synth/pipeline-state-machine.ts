/**
 * The pipeline's state machine: crawl the raw layer → run the jobs level by level → crawl the
 * processed layer → load the warehouse → read each job's run summary → notify success. Every
 * Task catches into one failure path: notify failure, then fail with the original error.
 */
import { type Job, type Pipeline, type RunSummary, resourceName, type Stage } from '../../core/index.js';
import { branch, type Chain, chain, chainOf, including } from '../chain.js';
import { type FormatPart, pathKey, ref } from '../intrinsics.js';
import { crawlAndWait } from '../patterns/crawl-and-wait.js';
import { catchAll, ERROR_PATH, type FailureRoute, failureRoute, rethrow } from '../patterns/failure.js';
import { runGlueJob } from '../patterns/glue-job.js';
import { readJsonObject } from '../patterns/read-json-object.js';
import { redshiftBatch } from '../patterns/redshift-statement.js';
import { snsPublish } from '../patterns/sns-publish.js';
import { type StateMachine, stateMachine } from '../state-machine.js';
import { parallel, type State, succeed } from '../states.js';
import { jobLevels } from './job-levels.js';
import {
  crawlerArn,
  crawlerName,
  glueJobArn,
  glueJobName,
  runSummaryArn,
  runSummaryKeyAround,
  topicArn,
} from './resource-arns.js';
import { STATE_NAMES } from './state-names.js';

const EXECUTION_NAME = '$$.Execution.Name';

/** Budgets for the machine-wide timeout: generous, only there so a stuck poll cannot run for a year. */
const CRAWL_BUDGET_SECONDS = 2 * 3600;
const WAREHOUSE_BUDGET_SECONDS = 2 * 3600;
const MARGIN_SECONDS = 15 * 60;

/** Glue stops a run at its own timeout (per attempt); the Task's timeout is only a backstop above that. */
const jobTimeoutSeconds = (job: Job): number =>
  job.timeoutMinutes * 60 * (job.maxRetries + 1) + MARGIN_SECONDS;

const label = (pipeline: Pipeline, stage: Stage) => `${pipeline.name} (${stage.name})`;

function crawls(
  pipeline: Pipeline,
  stage: Stage,
  layer: 'raw' | 'processed',
  failure: FailureRoute,
): Chain[] {
  return pipeline.crawlers
    .filter((c) => c.layer === layer)
    .map((c) =>
      crawlAndWait({
        label: c.name,
        crawlerName: crawlerName(pipeline, stage, c),
        crawlerArn: crawlerArn(pipeline, stage, c),
        failure,
      }),
    );
}

function jobTask(pipeline: Pipeline, stage: Stage, job: Job, failure: FailureRoute) {
  return runGlueJob(STATE_NAMES.runJob(job.name), {
    jobName: glueJobName(pipeline, stage, job),
    jobArn: glueJobArn(pipeline, stage, job),
    // The Glue runner keys its run summary by this id; the state machine reads it back by the same.
    arguments: { '--run_id.$': EXECUTION_NAME },
    timeoutSeconds: jobTimeoutSeconds(job),
    catch: catchAll(failure),
  });
}

/**
 * One level of jobs. A single job is a Task of its own; several run as branches of a Parallel.
 * A Catch cannot leave its branch, so each branch re-raises its job's error through a Fail state
 * and the Parallel's Catch takes it to the failure path with the original error name.
 */
function jobLevel(
  pipeline: Pipeline,
  stage: Stage,
  jobs: readonly Job[],
  level: number,
  failure: FailureRoute,
) {
  const [only] = jobs;
  if (jobs.length === 1 && only !== undefined) return chainOf(jobTask(pipeline, stage, only, failure));
  const branches = jobs.map((job) => {
    const failed = rethrow(STATE_NAMES.jobFailed(job.name));
    return branch(including(chainOf(jobTask(pipeline, stage, job, failureRoute(failed.name))), failed));
  });
  const name = STATE_NAMES.runJobs(
    jobs.map((j) => j.name),
    level,
  );
  return chainOf(
    parallel(name, {
      branches,
      // Branch outputs are the inputs they were given; nothing in them is needed later.
      resultPath: null,
      catch: catchAll(failure),
    }),
  );
}

function summaryPath(job: Job): string {
  return `$.summaries.${pathKey(job.name)}`;
}

function readSummaries(pipeline: Pipeline, stage: Stage, failure: FailureRoute): State[] {
  return pipeline.jobs.map((job) => {
    const [before, after] = runSummaryKeyAround(pipeline, job);
    return readJsonObject(STATE_NAMES.readSummary(job.name), {
      bucket: stage.bucket,
      key: [before, ref(EXECUTION_NAME), after],
      resultPath: summaryPath(job),
      objectArns: [runSummaryArn(pipeline, stage, job)],
      catch: catchAll(failure),
    });
  });
}

/** One line per dataset: row counts from the run summary, and the DQ score where the job checks quality. */
function successMessage(pipeline: Pipeline, stage: Stage): FormatPart[] {
  const lines = pipeline.jobs.flatMap((job): FormatPart[] => {
    const s = `${summaryPath(job)}.Body`;
    // The fields are the run summary's (core/run-summary.ts); the runner writes them.
    const field = (name: keyof RunSummary, ...within: string[]) => ref([s, name, ...within].join('.'));
    const ruleset = job.steps.find((step) => step.kind === 'quality')?.ruleset;
    return [
      `\n${job.input.name}: `,
      field('inputRows'),
      ' rows in, ',
      field('outputRows'),
      ' written, ',
      field('quarantinedRows'),
      ' quarantined, ',
      field('duplicateRows'),
      ' duplicates',
      ...(ruleset === undefined
        ? []
        : [`; data quality score `, field('quality', 'score'), ` (ruleset ${ruleset})`]),
    ];
  });
  return [`Pipeline ${label(pipeline, stage)} run `, ref(EXECUTION_NAME), ' succeeded.\n', ...lines];
}

/** Notify (when the pipeline asks for it), then fail with the caught error. Returns the route and its states. */
function failurePath(pipeline: Pipeline, stage: Stage): { route: FailureRoute; states: State[] } {
  const failed = rethrow(STATE_NAMES.failed, 'Fails the execution with the error that was caught.');
  if (!pipeline.notifications.onFailure) return { route: failureRoute(failed.name), states: [failed] };
  const notify = snsPublish(STATE_NAMES.notifyFailure, {
    topicArn: topicArn(pipeline, stage),
    subject: `lakeline ${label(pipeline, stage)}: run failed`,
    message: [
      `Pipeline ${label(pipeline, stage)} run `,
      ref(EXECUTION_NAME),
      ' failed.\n\nError: ',
      ref(`${ERROR_PATH}.Error`),
      '\nCause: ',
      ref(`${ERROR_PATH}.Cause`),
    ],
    // If even the notification fails, the execution still fails with the original error, kept at $.error.
    catch: [{ errors: ['States.ALL'], next: failed.name, resultPath: '$.notifyError' }],
    next: failed.name,
  });
  return { route: failureRoute(notify.name), states: [notify, failed] };
}

export function pipelineStateMachine(
  pipeline: Pipeline,
  stage: Stage,
  warehouseLoad: readonly string[],
): StateMachine {
  if (pipeline.warehouse !== undefined && warehouseLoad.length === 0) {
    throw new Error(
      `${pipeline.name}: the pipeline has a warehouse, but no load statements were given for it`,
    );
  }
  if (pipeline.warehouse === undefined && warehouseLoad.length > 0) {
    throw new Error(`${pipeline.name}: load statements were given, but the pipeline has no warehouse`);
  }
  const { route, states: failureStates } = failurePath(pipeline, stage);
  const levels = jobLevels(pipeline).map((jobs, i) => jobLevel(pipeline, stage, jobs, i, route));
  const warehouse =
    pipeline.warehouse === undefined
      ? []
      : [
          redshiftBatch({
            label: STATE_NAMES.warehouseLoad,
            statementName: resourceName(pipeline.name, stage, 'warehouse-load'),
            sqls: warehouseLoad,
            stage,
            target: stage.redshift,
            failure: route,
          }),
        ];
  const success = pipeline.notifications.onSuccess
    ? [
        ...readSummaries(pipeline, stage, route),
        snsPublish(STATE_NAMES.notifySuccess, {
          topicArn: topicArn(pipeline, stage),
          subject: `lakeline ${label(pipeline, stage)}: run succeeded`,
          message: successMessage(pipeline, stage),
          catch: catchAll(route),
        }),
      ]
    : [];
  const main = chain(
    ...crawls(pipeline, stage, 'raw', route),
    ...levels,
    ...crawls(pipeline, stage, 'processed', route),
    ...warehouse,
    ...success,
    succeed(STATE_NAMES.succeeded),
  );
  const budget =
    pipeline.crawlers.length * CRAWL_BUDGET_SECONDS +
    jobLevels(pipeline).reduce((sum, jobs) => sum + Math.max(...jobs.map(jobTimeoutSeconds)), 0) +
    (pipeline.warehouse === undefined ? 0 : WAREHOUSE_BUDGET_SECONDS) +
    MARGIN_SECONDS;
  return stateMachine(including(main, ...failureStates), {
    comment: `${label(pipeline, stage)}: ${pipeline.description}`,
    timeoutSeconds: budget,
  });
}
