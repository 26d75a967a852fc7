/**
 * S3's object operations: PutObject (flexible checksums verified, `x-amz-tagging` and user metadata
 * kept), GetObject and HeadObject (ETag, Content-Length, Last-Modified, single byte ranges,
 * conditional requests), DeleteObject, DeleteObjects and object tagging.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type ObjectAttributes, type S3Object, storableKey } from '../s3/local-s3.js';
import { storedContentEncoding } from './s3-payload.js';
import { checkTags, parseTagging, parseTaggingHeader, taggingXml } from './s3-tagging.js';
import {
  emptyResponse,
  noSuchKey,
  requireBucket,
  type S3Call,
  type S3Operation,
  s3Document,
  xmlResponse,
} from './s3-wire.js';
import { AwsWireError, type EndpointResponse } from './types.js';
import { childOf, childrenOf, childText, el, parseXml } from './xml.js';

/** Headers S3 stores with an object and returns with it. */
const STORED_HEADERS = [
  'content-type',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
] as const;
/** `response-content-type=…` and friends override those headers on one GetObject. */
const RESPONSE_OVERRIDES = [...STORED_HEADERS, 'content-encoding'] as const;
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
const MAX_KEY_BYTES = 1024;
const USER_METADATA = 'x-amz-meta-';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

function unstorable(key: string, why: string): AwsWireError {
  return new AwsWireError(
    'NotImplemented',
    `The local S3 keeps each key as a file and cannot store key '${key}': ${why}`,
    501,
  );
}

function requireObject(call: S3Call): S3Object {
  requireBucket(call);
  const object = call.s3.head(call.bucket, call.key);
  if (object === undefined) throw noSuchKey();
  return object;
}

function attributesOf(headers: IncomingHttpHeaders): Omit<ObjectAttributes, 'tags'> {
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const v = header(headers, name);
    if (v !== undefined) stored[name] = v;
  }
  const encoding = storedContentEncoding(headers);
  if (encoding !== undefined) stored['content-encoding'] = encoding;
  const metadata: Record<string, string> = {};
  for (const [name, v] of Object.entries(headers)) {
    if (name.startsWith(USER_METADATA) && v !== undefined)
      metadata[name.slice(USER_METADATA.length)] = String(v);
  }
  return { headers: stored, metadata };
}

const preconditionFailed = (): AwsWireError =>
  new AwsWireError(
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
    412,
  );

/** `"etag"`, `etag` and `*` all name an ETag in a condition header. */
const matchesEtag = (condition: string, etag: string): boolean =>
  condition
    .split(',')
    .map((c) => c.trim())
    .some((c) => c === '*' || c === etag || `"${c}"` === etag);

/** HTTP dates have whole seconds: compare at that precision. */
const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** GetObject/HeadObject conditions, in S3's precedence: 412 PreconditionFailed, or 304 Not Modified. */
function conditionOutcome(
  headers: IncomingHttpHeaders,
  object: S3Object,
  etag: string,
): 'ok' | 'not-modified' {
  const ifMatch = header(headers, 'if-match');
  const ifNoneMatch = header(headers, 'if-none-match');
  const ifModifiedSince = header(headers, 'if-modified-since');
  const ifUnmodifiedSince = header(headers, 'if-unmodified-since');
  const modified = seconds(object.lastModified);
  if (ifMatch !== undefined && !matchesEtag(ifMatch, etag)) throw preconditionFailed();
  if (
    ifMatch === undefined &&
    ifUnmodifiedSince !== undefined &&
    modified > seconds(new Date(ifUnmodifiedSince))
  ) {
    throw preconditionFailed();
  }
  if (ifNoneMatch !== undefined) return matchesEtag(ifNoneMatch, etag) ? 'not-modified' : 'ok';
  if (ifModifiedSince !== undefined && modified <= seconds(new Date(ifModifiedSince))) return 'not-modified';
  return 'ok';
}

export const putObject: S3Operation = (call) => {
  const { request, s3, bucket, key, body, checksums } = call;
  if (request.headers['x-amz-copy-source'] !== undefined) {
    throw new AwsWireError('NotImplemented', 'CopyObject is not served by the local endpoint', 501);
  }
  requireBucket(call);
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    throw new AwsWireError('KeyTooLongError', 'Your key is too long');
  if (!storableKey(key)) throw unstorable(key, "a trailing '/', or an empty, '.' or '..' segment");
  const tagging = header(request.headers, 'x-amz-tagging');
  const tags = tagging === undefined ? [] : parseTaggingHeader(tagging);
  checkTags(tags, 'object');
  const existing = s3.head(bucket, key);
  const ifNoneMatch = header(request.headers, 'if-none-match');
  const ifMatch = header(request.headers, 'if-match');
  if (ifNoneMatch === '*' && existing !== undefined) throw preconditionFailed();
  if (ifMatch !== undefined && (existing === undefined || !matchesEtag(ifMatch, s3.etag(bucket, key)))) {
    throw existing === undefined ? noSuchKey() : preconditionFailed();
  }
  try {
    s3.putObject(bucket, key, body, { ...attributesOf(request.headers), tags });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
      throw unstorable(key, 'another key is a folder of it, or it is a folder of another key (a and a/b)');
    }
    if (code === 'ENAMETOOLONG') throw unstorable(key, 'a segment is longer than the file system allows');
    throw error;
  }
  return emptyResponse(200, { etag: s3.etag(bucket, key), ...checksums });
};

/** The headers GetObject and HeadObject describe an object with. */
function objectHeaders(call: S3Call, object: S3Object, etag: string): Record<string, string> {
  const attributes = call.s3.objectAttributes(call.bucket, call.key);
  const headers: Record<string, string> = {
    'content-type': DEFAULT_CONTENT_TYPE,
    ...attributes.headers,
    etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(attributes.metadata)) headers[`${USER_METADATA}${name}`] = value;
  if (attributes.tags.length > 0) headers['x-amz-tagging-count'] = String(attributes.tags.length);
  for (const name of RESPONSE_OVERRIDES) {
    const override = call.request.query.get(`response-${name}`);
    if (override !== null) headers[name] = override;
  }
  return headers;
}

/** A single `bytes=` range as [first, last] inclusive; undefined for none (or several, which S3 ignores). */
function byteRange(value: string | undefined, size: number): [number, number] | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(value?.trim() ?? '');
  if (m === null || (m[1] === '' && m[2] === '')) return undefined;
  const unsatisfiable = new AwsWireError('InvalidRange', 'The requested range is not satisfiable', 416);
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable;
    return [Math.max(0, size - suffix), size - 1];
  }
  const first = Number(m[1]);
  const last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (first >= size || last < first) throw unsatisfiable;
  return [first, last];
}

function readObject(call: S3Call, withBody: boolean): EndpointResponse {
  const object = requireObject(call);
  const etag = call.s3.etag(call.bucket, call.key);
  if (conditionOutcome(call.request.headers, object, etag) === 'not-modified') {
    return emptyResponse(304, { etag, 'last-modified': object.lastModified.toUTCString() });
  }
  const headers = objectHeaders(call, object, etag);
  const range = byteRange(header(call.request.headers, 'range'), object.size);
  if (range === undefined) {
    const body = withBody ? call.s3.get(call.bucket, call.key) : undefined;
    return {
      status: 200,
      headers: { ...headers, 'content-length': String(object.size) },
      ...(body ? { body } : {}),
    };
  }
  const [first, last] = range;
  const partial = {
    ...headers,
    'content-length': String(last - first + 1),
    'content-range': `bytes ${first}-${last}/${object.size}`,
  };
  return withBody
    ? { status: 206, headers: partial, body: call.s3.get(call.bucket, call.key).subarray(first, last + 1) }
    : { status: 206, headers: partial };
}

export const getObject: S3Operation = (call) => readObject(call, true);

/** Node's HTTP server writes no body for HEAD; Content-Length still tells the object's size. */
export const headObject: S3Operation = (call) => readObject(call, false);

export const deleteObject: S3Operation = (call) => {
  requireBucket(call);
  call.s3.deleteObject(call.bucket, call.key);
  return emptyResponse(204);
};

/** At most 1000 keys a request, as S3 allows; Quiet leaves out the keys deleted. */
export const deleteObjects: S3Operation = (call) => {
  requireBucket(call);
  const root = parseXml(call.body.toString('utf8'));
  if (root.name !== 'Delete')
    throw new AwsWireError('MalformedXML', 'The XML you provided was not well-formed: expected <Delete>');
  const objects = childrenOf(root, 'Object');
  if (objects.length === 0 || objects.length > 1000) {
    throw new AwsWireError('MalformedXML', `A Delete names 1 to 1000 objects, not ${objects.length}`);
  }
  const quiet = childText(root, 'Quiet') === 'true';
  const results = objects.map((o) => {
    const key = childOf(o, 'Key')?.text;
    if (key === undefined) throw new AwsWireError('MalformedXML', 'Each <Object> needs a <Key>');
    try {
      call.s3.deleteObject(call.bucket, key);
      return quiet ? undefined : el('Deleted', el('Key', key));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return el('Error', el('Key', key), el('Code', 'InternalError'), el('Message', message));
    }
  });
  return xmlResponse(s3Document('DeleteResult', ...results));
};

export const putObjectTagging: S3Operation = (call) => {
  requireObject(call);
  const tags = parseTagging(call.body);
  checkTags(tags, 'object');
  call.s3.setObjectTags(call.bucket, call.key, tags);
  return emptyResponse(200);
};

export const getObjectTagging: S3Operation = (call) => {
  requireObject(call);
  return xmlResponse(taggingXml(call.s3.objectAttributes(call.bucket, call.key).tags));
};

export const deleteObjectTagging: S3Operation = (call) => {
  requireObject(call);
  call.s3.setObjectTags(call.bucket, call.key, []);
  return emptyResponse(204);
};
