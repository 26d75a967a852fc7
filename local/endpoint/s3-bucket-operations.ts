/**
 * S3's bucket operations: create (idempotent for its owner, as AWS answers outside us-east-1 with
 * BucketAlreadyOwnedByYou), head, delete (BucketNotEmpty while objects remain), list, location,
 * tagging, and ListObjectsV2.
 */
import { isValidBucketName } from '../s3/local-s3.js';
import { pageOf } from './paging.js';
import { listPage } from './s3-listing.js';
import { checkTags, parseTagging, taggingXml } from './s3-tagging.js';
import {
  emptyResponse,
  requireBucket,
  type S3Call,
  type S3Operation,
  s3Document,
  xmlResponse,
} from './s3-wire.js';
import { AwsWireError } from './types.js';
import { childText, el, parseXml, type XmlChild } from './xml.js';

/** us-east-1 answers a repeated CreateBucket by its owner with 200; every other region with 409. */
const LEGACY_REGION = 'us-east-1';

function owner(call: S3Call): XmlChild {
  return el('Owner', el('ID', call.request.account), el('DisplayName', 'local'));
}

/** The LocationConstraint of a CreateBucket body, if it has one. */
function locationConstraint(body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  const root = parseXml(body.toString('utf8'));
  if (root.name !== 'CreateBucketConfiguration') {
    throw new AwsWireError(
      'MalformedXML',
      'The XML you provided was not well-formed: expected <CreateBucketConfiguration>',
    );
  }
  return childText(root, 'LocationConstraint');
}

export const createBucket: S3Operation = ({ request, s3, bucket, body }) => {
  if (!isValidBucketName(bucket))
    throw new AwsWireError('InvalidBucketName', 'The specified bucket is not valid.');
  const constraint = locationConstraint(body);
  if (constraint !== undefined && constraint !== '' && constraint !== request.region) {
    throw new AwsWireError(
      'IllegalLocationConstraintException',
      `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to (${request.region}).`,
    );
  }
  if (s3.bucketExists(bucket) && request.region !== LEGACY_REGION) {
    throw new AwsWireError(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
    );
  }
  s3.createBucket(bucket, request.region);
  return emptyResponse(200, { location: `/${bucket}` });
};

export const headBucket: S3Operation = (call) => {
  requireBucket(call);
  const region = call.s3.bucket(call.bucket)?.region ?? call.request.region;
  return emptyResponse(200, { 'x-amz-bucket-region': region });
};

export const deleteBucket: S3Operation = (call) => {
  requireBucket(call);
  call.s3.deleteBucket(call.bucket);
  return emptyResponse(204);
};

export const getBucketLocation: S3Operation = (call) => {
  requireBucket(call);
  const region = call.s3.bucket(call.bucket)?.region ?? call.request.region;
  // us-east-1 buckets answer an empty LocationConstraint, as S3 does.
  return xmlResponse(s3Document('LocationConstraint', region === LEGACY_REGION ? undefined : region));
};

export const listBuckets: S3Operation = (call) => {
  const { query } = call.request;
  const prefix = query.get('prefix') ?? '';
  const maxBuckets = query.has('max-buckets') ? Number(query.get('max-buckets')) : undefined;
  if (maxBuckets !== undefined && !(Number.isInteger(maxBuckets) && maxBuckets >= 1 && maxBuckets <= 10000)) {
    throw new AwsWireError('InvalidArgument', 'max-buckets must be an integer between 1 and 10000');
  }
  const all = call.s3.listBuckets().filter((b) => b.name.startsWith(prefix));
  const page = pageOf(
    all,
    { maxResults: maxBuckets, nextToken: query.get('continuation-token') ?? undefined },
    { defaultSize: 10000, maxSize: 10000, invalidTokenCode: 'InvalidArgument' },
  );
  return xmlResponse(
    s3Document(
      'ListAllMyBucketsResult',
      owner(call),
      el(
        'Buckets',
        ...page.items.map((b) =>
          el(
            'Bucket',
            el('Name', b.name),
            el('CreationDate', b.created),
            el('BucketRegion', b.region ?? call.request.region),
          ),
        ),
      ),
      page.nextToken === undefined ? undefined : el('ContinuationToken', page.nextToken),
      query.has('prefix') ? el('Prefix', prefix) : undefined,
    ),
  );
};

export const putBucketTagging: S3Operation = (call) => {
  requireBucket(call);
  const tags = parseTagging(call.body);
  checkTags(tags, 'bucket');
  call.s3.setBucketTags(call.bucket, tags);
  return emptyResponse(204);
};

export const getBucketTagging: S3Operation = (call) => {
  requireBucket(call);
  const tags = call.s3.bucketTags(call.bucket);
  if (tags === undefined) throw new AwsWireError('NoSuchTagSet', 'The TagSet does not exist', 404);
  return xmlResponse(taggingXml(tags));
};

export const deleteBucketTagging: S3Operation = (call) => {
  requireBucket(call);
  call.s3.setBucketTags(call.bucket, undefined);
  return emptyResponse(204);
};

/** `encoding-type=url` asks for keys URL-encoded in the listing (slashes kept), so any key survives XML. */
const encoder =
  (encodingType: string | null) =>
  (value: string): string =>
    encodingType === 'url' ? encodeURIComponent(value).replaceAll('%2F', '/') : value;

function maxKeysOf(value: string | null): number {
  if (value === null) return 1000;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new AwsWireError('InvalidArgument', 'Provided max-keys not an integer or within integer range');
  }
  return Math.min(n, 1000);
}

export const listObjectsV2: S3Operation = (call) => {
  requireBucket(call);
  const { query } = call.request;
  const encodingType = query.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') {
    throw new AwsWireError(
      'InvalidArgument',
      `Invalid Encoding Method specified in Request: ${encodingType}`,
    );
  }
  const encode = encoder(encodingType);
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const maxKeys = maxKeysOf(query.get('max-keys'));
  const continuationToken = query.get('continuation-token') ?? undefined;
  const startAfter = query.get('start-after') ?? undefined;
  const page = listPage(call.s3.list(call.bucket, prefix), {
    prefix,
    delimiter,
    maxKeys,
    continuationToken,
    startAfter,
  });
  const fetchOwner = query.get('fetch-owner') === 'true';
  return xmlResponse(
    s3Document(
      'ListBucketResult',
      el('Name', call.bucket),
      el('Prefix', encode(prefix)),
      delimiter === undefined ? undefined : el('Delimiter', encode(delimiter)),
      el('MaxKeys', maxKeys),
      el('KeyCount', page.contents.length + page.commonPrefixes.length),
      el('IsTruncated', page.nextContinuationToken !== undefined),
      continuationToken === undefined ? undefined : el('ContinuationToken', continuationToken),
      page.nextContinuationToken === undefined
        ? undefined
        : el('NextContinuationToken', page.nextContinuationToken),
      startAfter === undefined ? undefined : el('StartAfter', encode(startAfter)),
      encodingType === null ? undefined : el('EncodingType', encodingType),
      ...page.contents.map((o) =>
        el(
          'Contents',
          el('Key', encode(o.key)),
          el('LastModified', o.lastModified),
          el('ETag', call.s3.etag(call.bucket, o.key)),
          el('Size', o.size),
          el('StorageClass', 'STANDARD'),
          fetchOwner ? owner(call) : undefined,
        ),
      ),
      ...page.commonPrefixes.map((p) => el('CommonPrefixes', el('Prefix', encode(p)))),
    ),
  );
};
