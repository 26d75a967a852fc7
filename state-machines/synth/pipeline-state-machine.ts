/**
 * The pipeline's state machine, rendered from its graph of tasks (core/tasks): one level after
 * another, the tasks of a level side by side in a Parallel, each task rendering its own states
 * (state-machines/tasks); then, on success, read each job's run summary and notify. Every Task
 * catches into one failure path: notify failure, then fail with the original error.
 */
import {
  ingestionStateKey,
  type Job,
  type Pipeline,
  type RunSummary,
  type Stage,
  type Task,
  taskGraph,
} from '../../core/index.js';
import { branch, chain, chainOf, including } from '../chain.js';
import { type FormatPart, pathKey, ref } from '../intrinsics.js';
import { catchAll, ERROR_PATH, type FailureRoute, failureRoute, rethrow } from '../patterns/failure.js';
import { readIngestionState, writeIngestionState } from '../patterns/ingestion-state.js';
import { readJsonObject } from '../patterns/read-json-object.js';
import { snsPublish } from '../patterns/sns-publish.js';
import { type StateMachine, stateMachine } from '../state-machine.js';
import { parallel, type State, succeed } from '../states.js';
import {
  MARGIN_SECONDS,
  rendererOf,
  type StateMachineInputs,
  type TaskRenderContext,
} from '../tasks/index.js';
import { runSummaryArn, runSummaryKeyAround, topicArn } from './resource-arns.js';
import { STATE_NAMES } from './state-names.js';

const EXECUTION_NAME = '$$.Execution.Name';

const label = (pipeline: Pipeline, stage: Stage) => `${pipeline.name} (${stage.name})`;

/**
 * One level of tasks. A single task is rendered in place; several run as branches of a Parallel.
 * A Catch cannot leave its branch, so each branch re-raises its task's error through a Fail state
 * and the Parallel's Catch takes it to the failure path with the original error name.
 */
function taskLevel(tasks: readonly Task[], level: number, ctx: TaskRenderContext) {
  const [only] = tasks;
  if (tasks.length === 1 && only !== undefined) return rendererOf(only).toStates(only, ctx);
  const branches = tasks.map((task) => {
    const failed = rethrow(rendererOf(task).failedState(task));
    const states = rendererOf(task).toStates(task, { ...ctx, failure: failureRoute(failed.name) });
    // A Task's open exit ends the branch; a Choice's open rule needs a state to go to.
    const openChoice = states.states.some((s) => s.kind === 'choice' && states.ends.includes(s.name));
    const ended = openChoice ? chain(states, succeed(STATE_NAMES.taskDone(task.name))) : states;
    return branch(including(ended, failed));
  });
  return chainOf(
    parallel(STATE_NAMES.runLevel(tasks, level), {
      branches,
      // Branch outputs are the inputs they were given; nothing in them is needed later.
      resultPath: null,
      catch: catchAll(ctx.failure),
    }),
  );
}

function summaryPath(job: Job): string {
  return `$.summaries.${pathKey(job.name)}`;
}

function readSummaries(
  jobs: readonly Job[],
  pipeline: Pipeline,
  stage: Stage,
  failure: FailureRoute,
): State[] {
  return jobs.map((job) => {
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
      `\n${job.output.name}: `,
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
  inputs: StateMachineInputs,
): StateMachine {
  if (!pipeline.tasks.some((t) => t.kind === 'warehouseLoad') && inputs.warehouseLoad.length > 0) {
    throw new Error(`${pipeline.name}: load statements were given, but the pipeline loads no warehouse`);
  }
  const { route, states: failureStates } = failurePath(pipeline, stage);
  const ctx: TaskRenderContext = { pipeline, stage, failure: route, inputs };
  const { levels } = taskGraph(pipeline);
  const incremental = pipeline.jobs.filter((j) => j.incremental !== null);
  const object = { bucket: stage.bucket, key: ingestionStateKey(pipeline.name) };
  const start =
    incremental.length === 0
      ? undefined
      : readIngestionState({
          object,
          datasets: incremental.map((j) => j.input.name),
          catch: catchAll(route),
        });
  // The summaries the success path reads: every job's for the message, else those the state needs.
  const summarised = pipeline.notifications.onSuccess ? pipeline.jobs : incremental;
  const commit =
    incremental.length === 0
      ? []
      : writeIngestionState({
          object,
          summaries: incremental.map((j) => ({ dataset: j.input.name, summaryPath: summaryPath(j) })),
          catch: catchAll(route),
        });
  const success = pipeline.notifications.onSuccess
    ? [
        snsPublish(STATE_NAMES.notifySuccess, {
          topicArn: topicArn(pipeline, stage),
          subject: `lakeline ${label(pipeline, stage)}: run succeeded`,
          message: successMessage(pipeline, stage),
          catch: catchAll(route),
        }),
      ]
    : [];
  const main = chain(
    ...(start === undefined ? [] : [start.first, start.marks, start.merged]),
    ...levels.map((tasks, i) => taskLevel(tasks, i, ctx)),
    ...readSummaries(summarised, pipeline, stage, route),
    // The state advances only here, after every task: a failed run leaves it as it was.
    ...commit,
    ...success,
    succeed(STATE_NAMES.succeeded),
  );
  const budget =
    levels.reduce((sum, tasks) => sum + Math.max(...tasks.map((t) => rendererOf(t).budgetSeconds(t))), 0) +
    MARGIN_SECONDS;
  return stateMachine(including(main, ...(start === undefined ? [] : [start.missing]), ...failureStates), {
    comment: `${label(pipeline, stage)}: ${pipeline.description}`,
    timeoutSeconds: budget,
  });
}
