/** ARNs of the pipeline's resources in a stage, from the shared naming so every generator agrees. */
import {
  arn,
  type Crawler,
  type Job,
  type Pipeline,
  resourceName,
  runSummaryKey,
  type Stage,
  stateMachineName,
} from '../../core/index.js';

export const glueJobName = (pipeline: Pipeline, stage: Stage, job: Job): string =>
  resourceName(pipeline.name, stage, job.name);

export const crawlerName = (pipeline: Pipeline, stage: Stage, crawler: Crawler): string =>
  resourceName(pipeline.name, stage, `${crawler.name}-crawler`);

export const topicName = (pipeline: Pipeline, stage: Stage): string =>
  resourceName(pipeline.name, stage, pipeline.notifications.topic);

export const topicArn = (pipeline: Pipeline, stage: Stage): string =>
  arn(stage, 'sns', topicName(pipeline, stage));

export const glueJobArn = (pipeline: Pipeline, stage: Stage, job: Job): string =>
  arn(stage, 'glue', `job/${glueJobName(pipeline, stage, job)}`);

export const crawlerArn = (pipeline: Pipeline, stage: Stage, crawler: Crawler): string =>
  arn(stage, 'glue', `crawler/${crawlerName(pipeline, stage, crawler)}`);

export const stateMachineArn = (pipeline: Pipeline, stage: Stage): string =>
  arn(stage, 'states', `stateMachine:${stateMachineName(pipeline.name, stage)}`);

/**
 * The job part of a run summary's key: the model's job name, as in the job plan (glue-scripts)
 * that tells the runner where to write. The stage bucket already keeps stages apart.
 */
const summaryJob = (job: Job): string => job.name;

/** Every run's summary of one job, whatever the run id: `arn:aws:s3:::<bucket>/<pipeline>/runs/*\/<job>.json`. */
export const runSummaryArn = (pipeline: Pipeline, stage: Stage, job: Job): string =>
  `arn:aws:s3:::${stage.bucket}/${runSummaryKey(pipeline.name, '*', summaryJob(job))}`;

/**
 * A run summary's key split around the run id, so the state machine can put the execution name
 * in its place while naming.ts stays the one definition of the key.
 */
export function runSummaryKeyAround(pipeline: Pipeline, job: Job): readonly [string, string] {
  const marker = '\u0000';
  const [before = '', after = ''] = runSummaryKey(pipeline.name, marker, summaryJob(job)).split(marker);
  return [before, after];
}
