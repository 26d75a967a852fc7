/**
 * Serves `arn:aws:states:::aws-sdk:s3:listObjectsV2`: one page of the keys under a prefix, with
 * S3's paging (MaxKeys up to 1,000, ContinuationToken, StartAfter, Delimiter into CommonPrefixes),
 * the response in Step Functions' JSON (PascalCase, LastModified as ISO-8601 text).
 */
import { listPage } from '../endpoint/s3-listing.js';
import { AwsServiceError, type JsonValue, type TaskHandler } from '../executor/types.js';
import type { LocalS3 } from '../s3/local-s3.js';

const MAX_KEYS = 1000;

interface ListObjectsV2Input {
  readonly Bucket?: unknown;
  readonly Prefix?: unknown;
  readonly Delimiter?: unknown;
  readonly MaxKeys?: unknown;
  readonly ContinuationToken?: unknown;
  readonly StartAfter?: unknown;
}

const optionalString = (input: ListObjectsV2Input, name: keyof ListObjectsV2Input): string | undefined => {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AwsServiceError('S3.S3Exception', `${name} must be a string`);
  return v;
};

export const s3ListObjectsV2 =
  (s3: LocalS3): TaskHandler =>
  async (raw) => {
    const input = (raw ?? {}) as ListObjectsV2Input;
    const bucket = optionalString(input, 'Bucket');
    if (bucket === undefined) throw new AwsServiceError('S3.S3Exception', 'Bucket is required');
    if (!s3.bucketExists(bucket)) {
      throw new AwsServiceError(
        'S3.NoSuchBucketException',
        `The specified bucket does not exist (${bucket})`,
      );
    }
    const maxKeys = input.MaxKeys === undefined ? MAX_KEYS : Number(input.MaxKeys);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) {
      throw new AwsServiceError('S3.S3Exception', 'MaxKeys must be a whole number from 0');
    }
    const prefix = optionalString(input, 'Prefix') ?? '';
    const delimiter = optionalString(input, 'Delimiter');
    const token = optionalString(input, 'ContinuationToken');
    const startAfter = optionalString(input, 'StartAfter');
    let page: ReturnType<typeof listPage>;
    try {
      page = listPage(s3.list(bucket, prefix), {
        prefix,
        delimiter,
        maxKeys: Math.min(maxKeys, MAX_KEYS),
        continuationToken: token,
        startAfter,
      });
    } catch (error) {
      throw new AwsServiceError('S3.S3Exception', (error as Error).message, { cause: error });
    }
    const out: { [key: string]: JsonValue } = {
      IsTruncated: page.nextContinuationToken !== undefined,
      Contents: page.contents.map((o) => ({
        Key: o.key,
        LastModified: o.lastModified.toISOString(),
        ETag: s3.etag(bucket, o.key),
        Size: o.size,
        StorageClass: 'STANDARD',
      })),
      Name: bucket,
      Prefix: prefix,
      MaxKeys: maxKeys,
      KeyCount: page.contents.length + page.commonPrefixes.length,
    };
    if (delimiter !== undefined) out.Delimiter = delimiter;
    if (page.commonPrefixes.length > 0) out.CommonPrefixes = page.commonPrefixes.map((p) => ({ Prefix: p }));
    if (token !== undefined) out.ContinuationToken = token;
    if (page.nextContinuationToken !== undefined) out.NextContinuationToken = page.nextContinuationToken;
    if (startAfter !== undefined) out.StartAfter = startAfter;
    return out;
  };
