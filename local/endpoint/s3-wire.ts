/**
 * What the S3 operations share: the call they serve (bucket and key decoded from the path-style
 * URL), XML and empty responses, and S3's errors, written as
 * `<Error><Code/><Message/><BucketName/>|<Key/><RequestId/></Error>` (no body for HEAD, as S3).
 */
import type { LocalS3 } from '../s3/local-s3.js';
import { S3_NAMESPACE } from './s3-tagging.js';
import { AwsWireError, type EndpointRequest, type EndpointResponse } from './types.js';
import { toWireError } from './wire-errors.js';
import { el, elWith, renderXml, type XmlChild, type XmlElement } from './xml.js';

export interface S3Call {
  readonly request: EndpointRequest;
  readonly s3: LocalS3;
  /** '' for ListBuckets. */
  readonly bucket: string;
  /** '' for bucket operations. */
  readonly key: string;
  /** The request body with any aws-chunked framing removed, its checksums verified. */
  readonly body: Buffer;
  /** The checksum headers (or trailers) the client sent, verified. */
  readonly checksums: Readonly<Record<string, string>>;
}

export type S3Operation = (call: S3Call) => EndpointResponse | Promise<EndpointResponse>;

export function xmlResponse(
  root: XmlElement,
  status = 200,
  headers: Readonly<Record<string, string>> = {},
): EndpointResponse {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: renderXml(root) };
}

/** A result document in S3's namespace, as every S3 response body is. */
export function s3Document(name: string, ...children: readonly XmlChild[]): XmlElement {
  return elWith(name, { xmlns: S3_NAMESPACE }, ...children);
}

export function emptyResponse(
  status: number,
  headers: Readonly<Record<string, string>> = {},
): EndpointResponse {
  return { status, headers: { 'content-length': '0', ...headers } };
}

export const noSuchBucket = (): AwsWireError =>
  new AwsWireError('NoSuchBucket', 'The specified bucket does not exist', 404);

export const noSuchKey = (): AwsWireError =>
  new AwsWireError('NoSuchKey', 'The specified key does not exist.', 404);

export function requireBucket(call: S3Call): void {
  if (!call.s3.bucketExists(call.bucket)) throw noSuchBucket();
}

/** S3's wire codes for the errors `LocalS3` throws. */
const ERROR_CODES = {
  NoSuchKeyException: ['NoSuchKey', 404],
  NoSuchBucketException: ['NoSuchBucket', 404],
  BucketNotEmptyException: ['BucketNotEmpty', 409],
} as const;

/** Errors about a bucket name it, errors about a key name that. */
const NAMES_BUCKET = new Set([
  'NoSuchBucket',
  'BucketNotEmpty',
  'BucketAlreadyOwnedByYou',
  'BucketAlreadyExists',
  'NoSuchTagSet',
  'InvalidBucketName',
]);
const NAMES_KEY = new Set(['NoSuchKey']);

export function s3ErrorResponse(
  error: unknown,
  call: Pick<S3Call, 'bucket' | 'key'>,
  method: string,
  requestId: string,
): EndpointResponse {
  const wire = toWireError(error, ERROR_CODES, { code: 'InternalError', status: 500 });
  const headers = { 'x-amz-request-id': requestId, 'x-amzn-requestid': requestId, 'x-amz-id-2': requestId };
  if (method === 'HEAD') return emptyResponse(wire.status, headers);
  const body = el(
    'Error',
    el('Code', wire.code),
    el('Message', wire.message),
    NAMES_BUCKET.has(wire.code) && call.bucket !== '' ? el('BucketName', call.bucket) : undefined,
    NAMES_KEY.has(wire.code) ? el('Key', call.key) : undefined,
    el('RequestId', requestId),
    el('HostId', requestId),
  );
  return xmlResponse(body, wire.status, headers);
}
