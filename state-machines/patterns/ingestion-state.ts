/**
 * The pipeline's ingestion state (`ingestion_state.json`, core/model/incremental.ts): read first,
 * handed to each incremental job as its dataset's entry, written back last from the jobs' run
 * summaries. The write is on the success path only, so a failed run leaves the state as it was
 * and the next run reads again what the failed one read.
 *
 * ```
 * Read ingestion state ──(S3.NoSuchKeyException)──► No ingestion state yet ─┐
 *        └──────────────────────────────────────────────────────────────────┴► Ingestion marks
 *                                                                                → Merge ingestion marks
 * … jobs (--lakeline_ingestion_state = their dataset's entry) …
 * Read run summary <job> → Record ingestion marks → Write ingestion state
 * ```
 */
import { pathKey } from '../intrinsics.js';
import type { JsonObject } from '../json.js';
import { type Catcher, type PassState, pass, type State, type TaskState, task } from '../states.js';
import { readJsonObject } from './read-json-object.js';
import { API_CALL_TIMEOUT_SECONDS, retrier, S3_TRANSIENT, STATES_TIMEOUT } from './retry-policies.js';

export const S3_PUT_OBJECT = 'arn:aws:states:::aws-sdk:s3:putObject';
/** How Step Functions names S3's NoSuchKey in an SDK integration's error. */
export const S3_NO_SUCH_KEY = 'S3.NoSuchKeyException';

export const INGESTION_STATE_NAMES = {
  read: 'Read ingestion state',
  missing: 'No ingestion state yet',
  marks: 'Ingestion marks',
  merge: 'Merge ingestion marks',
  record: 'Record ingestion marks',
  write: 'Write ingestion state',
} as const;

/** Where the state travels in the execution's data. */
const STORED = '$.ingestion.stored';
const CURRENT = '$.ingestion.current';
const NEXT = '$.ingestion.next';

export interface IngestionStateObject {
  readonly bucket: string;
  readonly key: string;
}

const objectArn = (o: IngestionStateObject): string => `arn:aws:s3:::${o.bucket}/${o.key}`;

/** A dataset's entry of the state, as a job argument (JSON text). Dataset names are snake_case, so paths. */
export const ingestionArgument = (dataset: string): string =>
  `States.JsonToString(${CURRENT}.${pathKey(dataset)})`;

/**
 * Reads the state at the start: an absent object is an empty state; every incremental dataset is
 * given an empty entry where the stored state has none (a first run, a dataset added since), so
 * each job's argument path exists. Returns the states in order; the Pass for the absent object
 * rejoins at `Ingestion marks`.
 */
export function readIngestionState(spec: {
  readonly object: IngestionStateObject;
  readonly datasets: readonly string[];
  readonly catch: readonly Catcher[];
}): {
  readonly first: TaskState;
  readonly missing: PassState;
  readonly marks: PassState;
  readonly merged: PassState;
} {
  const names = INGESTION_STATE_NAMES;
  const key = spec.object.key;
  const first = readJsonObject(names.read, {
    bucket: spec.object.bucket,
    key: [key],
    resultPath: STORED,
    objectArns: [objectArn(spec.object)],
    // Missing is the only error that means "nothing ingested yet"; any other fails the run.
    catch: [{ errors: [S3_NO_SUCH_KEY], next: names.missing, resultPath: null }, ...spec.catch],
    extraGrants: [
      {
        // Without ListBucket, S3 answers a missing key with AccessDenied rather than NoSuchKey.
        actions: ['s3:ListBucket'],
        resources: [`arn:aws:s3:::${spec.object.bucket}`],
        conditions: { StringEquals: { 's3:prefix': [key] } },
      },
    ],
  });
  const missing = pass(names.missing, {
    comment: 'No state object yet: nothing has been ingested.',
    result: { Body: {} },
    resultPath: STORED,
    next: names.marks,
  });
  const empty: JsonObject = Object.fromEntries(
    [...spec.datasets].sort().map((d) => [d, { highWaterMark: null, partitions: [], runId: null }]),
  );
  // The empty entries are a literal beside the stored state: a JSON text inside an intrinsic
  // function would need its braces escaped, which interpreters do not all read back.
  const marks = pass(names.marks, {
    comment: 'An empty entry for each dataset read incrementally, beside the stored state.',
    parameters: { empty, 'stored.$': `${STORED}.Body` },
    resultPath: '$.ingestion',
  });
  const merged = pass(names.merge, {
    comment: 'The stored entries over the empty ones.',
    parameters: { 'current.$': `States.JsonMerge($.ingestion.empty, $.ingestion.stored, false)` },
    resultPath: '$.ingestion',
  });
  return { first, missing, marks, merged };
}

/**
 * Writes the state once every task succeeded: each incremental job's entry from its run summary
 * (`ingestion.state`, read into `summaryPath(job)`), over the state read at the start, which keeps
 * the entries of datasets no job of this run advanced.
 */
export function writeIngestionState(spec: {
  readonly object: IngestionStateObject;
  /** Dataset → the path its job's run summary was read into (`$.summaries.<job>`). */
  readonly summaries: readonly { readonly dataset: string; readonly summaryPath: string }[];
  readonly catch: readonly Catcher[];
}): State[] {
  const names = INGESTION_STATE_NAMES;
  const entries: JsonObject = Object.fromEntries(
    spec.summaries.map(({ dataset, summaryPath }) => [`${dataset}.$`, `${summaryPath}.Body.ingestion.state`]),
  );
  const record = pass(names.record, { parameters: entries, resultPath: NEXT });
  const write = task(names.write, {
    resource: S3_PUT_OBJECT,
    parameters: {
      Bucket: spec.object.bucket,
      Key: spec.object.key,
      ContentType: 'application/json',
      'Body.$': `States.JsonToString(States.JsonMerge(${CURRENT}, ${NEXT}, false))`,
    },
    resultPath: null,
    timeoutSeconds: API_CALL_TIMEOUT_SECONDS,
    // Writing the same bytes again is harmless, so a timed-out write is retried.
    retry: [retrier([...S3_TRANSIENT, STATES_TIMEOUT])],
    catch: spec.catch,
    grants: [{ actions: ['s3:PutObject'], resources: [objectArn(spec.object)] }],
  });
  return [record, write];
}
