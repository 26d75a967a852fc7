/**
 * Reads a JSON object from S3 with the SDK integration and parses it in place: the Body arrives
 * as a string and `States.StringToJson` turns it into data the next states can address.
 */

import type { PolicyStatement } from '../../core/index.js';
import { type FormatPart, format } from '../intrinsics.js';
import { type Catcher, type TaskState, task } from '../states.js';
import { API_CALL_TIMEOUT_SECONDS, retrier, S3_TRANSIENT, STATES_TIMEOUT } from './retry-policies.js';

export const S3_GET_OBJECT = 'arn:aws:states:::aws-sdk:s3:getObject';

export function readJsonObject(
  name: string,
  spec: {
    readonly bucket: string;
    /** The key, literal text and paths (the execution name, typically). */
    readonly key: readonly FormatPart[];
    /** Where `{ Body: <parsed object> }` is placed in the input. */
    readonly resultPath: string;
    /** The object ARNs the role may read, e.g. `arn:aws:s3:::bucket/pipeline/runs/*`. */
    readonly objectArns: readonly string[];
    readonly catch: readonly Catcher[];
    readonly next?: string;
    /** What else the role needs for this read (ListBucket, so a missing key is NoSuchKey). */
    readonly extraGrants?: readonly PolicyStatement[];
  },
): TaskState {
  return task(name, {
    resource: S3_GET_OBJECT,
    parameters: { Bucket: spec.bucket, 'Key.$': format(spec.key) },
    resultSelector: { 'Body.$': 'States.StringToJson($.Body)' },
    resultPath: spec.resultPath,
    timeoutSeconds: API_CALL_TIMEOUT_SECONDS,
    retry: [retrier([...S3_TRANSIENT, STATES_TIMEOUT])],
    catch: spec.catch,
    grants: [{ actions: ['s3:GetObject'], resources: spec.objectArns }, ...(spec.extraGrants ?? [])],
    ...(spec.next === undefined ? {} : { next: spec.next }),
  });
}
