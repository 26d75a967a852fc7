/** The names every generator agrees on for a pipeline's resources in a stage. */
import type { Stage } from './stage.js';

export type Layer =
  | 'raw'
  | 'processed'
  | 'export'
  | 'quarantine'
  | 'quality'
  | 'runs'
  | 'scripts'
  | 'plans'
  | 'state'
  | 'temp';

/** `student-enrollment`, `dev`, `enrollments` → `student-enrollment-dev-enrollments`. */
export const resourceName = (pipeline: string, stage: Pick<Stage, 'name'>, suffix: string): string =>
  `${pipeline}-${stage.name}-${suffix}`;

/** Glue database names allow lower-case letters, digits and underscores. */
export const glueDatabase = (
  pipeline: string,
  stage: Pick<Stage, 'name'>,
  layer: 'raw' | 'processed',
): string => `${pipeline}_${stage.name}_${layer}`.replace(/[^a-z0-9_]/g, '_');

/** `s3://<bucket>/<pipeline>/<layer>/<prefix>` */
export const s3Uri = (pipeline: string, stage: Stage, layer: Layer, prefix = ''): string =>
  `s3://${stage.bucket}/${pipeline}/${layer}/${prefix}`;

/**
 * The key prefix of a processed dataset's CSV export (`<pipeline>/export/<prefix>`), written beside
 * its Parquet for a warehouse that imports CSV (`TargetKind.reads`).
 */
export const exportKey = (pipeline: string, datasetPrefix: string): string =>
  `${pipeline}/export/${datasetPrefix}`;

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** `s3://<bucket>/<key>` → bucket and key. */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (m === null) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

export const arn = (stage: Stage, service: string, resource: string, regional = true): string =>
  `arn:aws:${service}:${regional ? stage.region : ''}:${stage.account}:${resource}`;

export const roleArn = (stage: Stage, roleName: string): string =>
  `arn:aws:iam::${stage.account}:role/${roleName}`;

/** Tags on every deployed resource; destroy removes only what carries them. */
export const resourceTags = (pipeline: string, stage: Stage): Record<string, string> => ({
  ...stage.tags,
  'lakeline:pipeline': pipeline,
  'lakeline:stage': stage.name,
});

/**
 * Where a job run leaves its summary for the state machine to read (row counts, PII findings,
 * DQ score): `s3://<bucket>/<pipeline>/runs/<run id>/<job>.json`, keyed by the execution name.
 */
export const runSummaryKey = (pipeline: string, runId: string, job: string): string =>
  `${pipeline}/runs/${runId}/${job}.json`;

/**
 * The pipeline's ingestion state (`s3://<bucket>/<pipeline>/state/ingestion_state.json`): per
 * dataset read incrementally, the partitions read and the high-water mark of the last run that
 * succeeded. The state machine reads it first and writes it last, only when the run succeeded.
 */
export const ingestionStateKey = (pipeline: string): string => `${pipeline}/state/ingestion_state.json`;

/** The pipeline's Step Functions state machine: deploy creates it under this name, the schedule targets it. */
export const stateMachineName = (pipeline: string, stage: Pick<Stage, 'name'>): string =>
  resourceName(pipeline, stage, 'state-machine');
