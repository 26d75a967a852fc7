/**
 * S3 over REST-XML, path-style (`/<bucket>/<key>`; clients set `forcePathStyle: true`), backed by
 * the cloud's `LocalS3`, so that what a deploy uploads is what the simulated jobs read. An
 * operation is found by method, by whether the path names the service, a bucket or an object, and
 * by the subresource in the query string (`?tagging`, `?delete`, `?location`); anything else is
 * S3's NotImplemented (501), never a crash.
 */
import { randomBytes } from 'node:crypto';
import type { LocalCloud } from './cloud.js';
import {
  createBucket,
  deleteBucket,
  deleteBucketTagging,
  getBucketLocation,
  getBucketTagging,
  headBucket,
  listBuckets,
  listObjectsV2,
  putBucketTagging,
} from './s3-bucket-operations.js';
import {
  deleteObject,
  deleteObjects,
  deleteObjectTagging,
  getObject,
  getObjectTagging,
  headObject,
  putObject,
  putObjectTagging,
} from './s3-object-operations.js';
import { requestPayload } from './s3-payload.js';
import { type S3Call, type S3Operation, s3ErrorResponse } from './s3-wire.js';
import { AwsWireError, type ServiceEndpoint } from './types.js';

/** Query parameters that are an operation's input, not a subresource naming another operation. */
const PARAMETERS = new Set([
  'x-id',
  'list-type',
  'prefix',
  'delimiter',
  'continuation-token',
  'max-keys',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'max-buckets',
  'bucket-region',
  'response-content-type',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-cache-control',
  'response-expires',
]);

/** ListObjects (version 1) shares ListObjectsV2's route; only `list-type=2` is served. */
const listObjects: S3Operation = (call) => {
  if (call.request.query.get('list-type') !== '2') {
    throw new AwsWireError(
      'NotImplemented',
      'ListObjects (version 1) is not served by the local endpoint; use ListObjectsV2',
      501,
    );
  }
  return listObjectsV2(call);
};

/** `<METHOD> <service|bucket|object>[ <subresource>]` → the operation serving it. */
const ROUTES: Readonly<Record<string, S3Operation>> = {
  'GET service': listBuckets,
  'PUT bucket': createBucket,
  'HEAD bucket': headBucket,
  'DELETE bucket': deleteBucket,
  'GET bucket': listObjects,
  'GET bucket location': getBucketLocation,
  'PUT bucket tagging': putBucketTagging,
  'GET bucket tagging': getBucketTagging,
  'DELETE bucket tagging': deleteBucketTagging,
  'POST bucket delete': deleteObjects,
  'PUT object': putObject,
  'GET object': getObject,
  'HEAD object': headObject,
  'DELETE object': deleteObject,
  'PUT object tagging': putObjectTagging,
  'GET object tagging': getObjectTagging,
  'DELETE object tagging': deleteObjectTagging,
};

/** `/bucket/a%20b/c` → bucket `bucket`, key `a b/c`. */
function parsePath(path: string): { bucket: string; key: string } {
  const rest = path.replace(/^\//, '');
  const slash = rest.indexOf('/');
  try {
    return slash < 0
      ? { bucket: decodeURIComponent(rest), key: '' }
      : { bucket: decodeURIComponent(rest.slice(0, slash)), key: decodeURIComponent(rest.slice(slash + 1)) };
  } catch {
    throw new AwsWireError('InvalidURI', `Couldn't parse the specified URI: ${path}`);
  }
}

function route(method: string, bucket: string, key: string, query: URLSearchParams): S3Operation {
  const target = bucket === '' ? 'service' : key === '' ? 'bucket' : 'object';
  const subresources = [...new Set(query.keys())].filter((k) => !PARAMETERS.has(k)).sort();
  const name = [method, target, ...subresources].join(' ');
  const operation = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  if (operation === undefined) {
    const what = `${method} on ${target === 'service' ? 'the service' : `a ${target}`}${subresources.length > 0 ? ` with ?${subresources.join('&')}` : ''}`;
    throw new AwsWireError(
      'NotImplemented',
      `A header or query you provided implies functionality that is not implemented (${what} is not served by the local endpoint)`,
      501,
    );
  }
  return operation;
}

/** S3 request ids are 16 upper-case hex digits. */
const requestIdOf = (): string => randomBytes(8).toString('hex').toUpperCase();

export function s3Endpoint(cloud: Pick<LocalCloud, 's3'>): ServiceEndpoint {
  return {
    signingNames: ['s3'],
    errorResponse: (error, request) => {
      let named: Pick<S3Call, 'bucket' | 'key'> = { bucket: '', key: '' };
      try {
        named = parsePath(request.path);
      } catch {
        // A path S3 could not name: the error names no bucket or key.
      }
      return s3ErrorResponse(error, named, request.method, requestIdOf());
    },
    async handle(request) {
      const requestId = requestIdOf();
      let named: Pick<S3Call, 'bucket' | 'key'> = { bucket: '', key: '' };
      try {
        named = parsePath(request.path);
        const operation = route(request.method, named.bucket, named.key, request.query);
        const payload = requestPayload(request.headers, request.body);
        const response = await operation({
          request,
          s3: cloud.s3,
          ...named,
          body: payload.data,
          checksums: payload.checksums,
        });
        return {
          ...response,
          headers: {
            ...response.headers,
            'x-amz-request-id': requestId,
            'x-amzn-requestid': requestId,
            'x-amz-id-2': requestId,
          },
        };
      } catch (error) {
        return s3ErrorResponse(error, named, request.method, requestId);
      }
    },
  };
}
