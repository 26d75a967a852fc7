/**
 * The S3 endpoint, called by the real S3 client (path-style): buckets, objects, tagging, listing
 * with delimiters and paging, the flexible checksums recent clients add (header and aws-chunked
 * trailer), and S3's errors as the SDK names them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS, errorOf, REGION, type Services, startServices } from './s3-sns-iam-fixture.js';

let services: Services;
let s3: S3Client;

beforeAll(async () => {
  services = await startServices('s3-endpoint');
  s3 = new S3Client({
    endpoint: services.url,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
});
afterAll(async () => {
  s3?.destroy();
  await services?.close();
});

const md5 = (data: Uint8Array): string => `"${createHash('md5').update(data).digest('hex')}"`;

async function bodyOf(bucket: string, key: string): Promise<Buffer> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

async function allKeys(
  bucket: string,
  options: { Prefix?: string; MaxKeys?: number } = {},
): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ...options, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys;
}

describe('buckets', () => {
  it('creates a bucket, and a second create by its owner is BucketAlreadyOwnedByYou outside us-east-1', async () => {
    const created = await s3.send(new CreateBucketCommand({ Bucket: 'lakeline-buckets' }));
    expect(created.Location).toBe('/lakeline-buckets');
    const again = await errorOf(s3.send(new CreateBucketCommand({ Bucket: 'lakeline-buckets' })));
    expect(again).toMatchObject({ name: 'BucketAlreadyOwnedByYou', status: 409 });
    expect(again.message).toContain('you already own it');
  });

  it('refuses a name S3 does not allow', async () => {
    const error = await errorOf(s3.send(new CreateBucketCommand({ Bucket: 'No_Such-Name' })));
    expect(error).toMatchObject({
      name: 'InvalidBucketName',
      status: 400,
      message: 'The specified bucket is not valid.',
    });
  });

  it('heads, locates and lists a bucket; a missing bucket is a bodiless 404 NotFound', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lakeline-head' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'lakeline-head' }));
    expect(head.BucketRegion).toBe(REGION);
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'lakeline-head' }));
    expect(location.LocationConstraint).toBe(REGION);
    const listed = await s3.send(new ListBucketsCommand({}));
    const bucket = listed.Buckets?.find((b) => b.Name === 'lakeline-head');
    expect(bucket?.CreationDate).toBeInstanceOf(Date);
    expect(Date.now() - bucket!.CreationDate!.getTime()).toBeLessThan(60_000);
    expect(listed.Owner?.ID).toBe(services.cloud.account);
    const missing = await errorOf(s3.send(new HeadBucketCommand({ Bucket: 'lakeline-missing' })));
    expect(missing).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it('puts, gets and deletes a bucket tag set; none is NoSuchTagSet', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lakeline-tags' }));
    const none = await errorOf(s3.send(new GetBucketTaggingCommand({ Bucket: 'lakeline-tags' })));
    expect(none).toMatchObject({ name: 'NoSuchTagSet', status: 404, message: 'The TagSet does not exist' });
    const TagSet = [
      { Key: 'lakeline:stage', Value: 'dev' },
      { Key: 'owner', Value: 'data & <platform>' },
    ];
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'lakeline-tags', Tagging: { TagSet } }));
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: 'lakeline-tags' }))).TagSet).toEqual(TagSet);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'lakeline-tags' }));
    expect((await errorOf(s3.send(new GetBucketTaggingCommand({ Bucket: 'lakeline-tags' })))).name).toBe(
      'NoSuchTagSet',
    );
  });

  it('refuses a tag set with a repeated key (InvalidTag)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lakeline-bad-tags' }));
    const TagSet = [
      { Key: 'a', Value: '1' },
      { Key: 'a', Value: '2' },
    ];
    const error = await errorOf(
      s3.send(new PutBucketTaggingCommand({ Bucket: 'lakeline-bad-tags', Tagging: { TagSet } })),
    );
    expect(error).toMatchObject({ name: 'InvalidTag', status: 400 });
    expect(error.message).toContain('same key');
  });

  it('refuses to delete a bucket while objects remain (BucketNotEmpty), then deletes it empty', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lakeline-delete' }));
    await s3.send(new PutObjectCommand({ Bucket: 'lakeline-delete', Key: 'a/b.txt', Body: 'x' }));
    const error = await errorOf(s3.send(new DeleteBucketCommand({ Bucket: 'lakeline-delete' })));
    expect(error).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
    expect(error.message).toContain('not empty');
    await s3.send(new DeleteObjectCommand({ Bucket: 'lakeline-delete', Key: 'a/b.txt' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'lakeline-delete' }));
    expect((await errorOf(s3.send(new HeadBucketCommand({ Bucket: 'lakeline-delete' })))).name).toBe(
      'NotFound',
    );
    const missing = await errorOf(s3.send(new DeleteBucketCommand({ Bucket: 'lakeline-delete' })));
    expect(missing).toMatchObject({
      name: 'NoSuchBucket',
      status: 404,
      message: 'The specified bucket does not exist',
    });
  });
});

describe('objects', () => {
  const Bucket = 'lakeline-objects';
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }));
  });

  it('round-trips an object with its ETag, length, type, metadata and x-amz-tagging', async () => {
    const body = 'id,name\n1,Ada\n';
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'raw/students 2024/part-0.csv',
        Body: body,
        ContentType: 'text/csv',
        Metadata: { pipeline: 'student-enrollment' },
        Tagging: 'stage=dev&owner=data%20team',
      }),
    );
    expect(put.ETag).toBe(md5(Buffer.from(body)));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'raw/students 2024/part-0.csv' }));
    expect(await got.Body!.transformToString()).toBe(body);
    expect(got).toMatchObject({
      ETag: put.ETag,
      ContentLength: body.length,
      ContentType: 'text/csv',
      Metadata: { pipeline: 'student-enrollment' },
      TagCount: 2,
    });
    expect(Math.abs(got.LastModified!.getTime() - Date.now())).toBeLessThan(60_000);
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'raw/students 2024/part-0.csv' }));
    expect(tags.TagSet).toEqual([
      { Key: 'stage', Value: 'dev' },
      { Key: 'owner', Value: 'data team' },
    ]);
  });

  it('heads an object; a missing key is NotFound on HEAD and NoSuchKey (with a body) on GET', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'head/me.json', Body: '{"a":1}' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'head/me.json' }));
    expect(head).toMatchObject({ ContentLength: 7, ETag: md5(Buffer.from('{"a":1}')) });
    expect((await errorOf(s3.send(new HeadObjectCommand({ Bucket, Key: 'head/none' })))).name).toBe(
      'NotFound',
    );
    const missing = await errorOf(s3.send(new GetObjectCommand({ Bucket, Key: 'head/none' })));
    expect(missing).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
      message: 'The specified key does not exist.',
    });
    const noBucket = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'lakeline-nowhere', Key: 'k' })));
    expect(noBucket).toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });

  it('stores a 5 MB buffered upload byte for byte (x-amz-checksum-crc32 header verified)', async () => {
    const data = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 10)) & 0xff;
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'big/five.bin', Body: data }));
    const request = services.requests.findLast((r) => r.method === 'PUT' && r.path.endsWith('/big/five.bin'));
    expect(request?.headers['x-amz-checksum-crc32']).toBeTypeOf('string');
    expect(put.ETag).toBe(md5(data));
    const back = await bodyOf(Bucket, 'big/five.bin');
    expect(back.length).toBe(data.length);
    expect(back.equals(data)).toBe(true);
  });

  it('stores a streamed upload byte for byte (aws-chunked body, trailing checksum verified)', async () => {
    const chunks = [
      Buffer.alloc(70_000, 'a'),
      Buffer.from('\r\n0\r\n-looks-like-framing-'),
      Buffer.alloc(65_536, 7),
    ];
    const data = Buffer.concat(chunks);
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'big/streamed.bin',
        Body: Readable.from(chunks),
        ContentLength: data.length,
      }),
    );
    const request = services.requests.findLast(
      (r) => r.method === 'PUT' && r.path.endsWith('/big/streamed.bin'),
    );
    expect(request?.headers['content-encoding']).toContain('aws-chunked');
    expect(request?.headers['x-amz-decoded-content-length']).toBe(String(data.length));
    expect((await bodyOf(Bucket, 'big/streamed.bin')).equals(data)).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big/streamed.bin' }));
    expect(head.ContentEncoding).toBeUndefined();
  });

  it('refuses a body whose checksum does not match (BadDigest)', async () => {
    const error = await errorOf(
      s3.send(new PutObjectCommand({ Bucket, Key: 'bad.txt', Body: 'hello', ChecksumCRC32: 'AAAAAA==' })),
    );
    expect(error).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(error.message).toBe('The CRC32 you specified did not match the calculated checksum.');
    expect((await errorOf(s3.send(new HeadObjectCommand({ Bucket, Key: 'bad.txt' })))).name).toBe('NotFound');
  });

  it('serves a byte range', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'range.txt', Body: 'hello world' }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'range.txt', Range: 'bytes=6-' }));
    expect(await got.Body!.transformToString()).toBe('world');
    expect(got).toMatchObject({ ContentRange: 'bytes 6-10/11', ContentLength: 5 });
  });

  it('replaces and deletes an object tag set; a missing key is NoSuchKey', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'tagged.txt', Body: 't', Tagging: 'a=1' }));
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket,
        Key: 'tagged.txt',
        Tagging: { TagSet: [{ Key: 'b', Value: '2' }] },
      }),
    );
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'tagged.txt' }))).TagSet).toEqual([
      { Key: 'b', Value: '2' },
    ]);
    await s3.send(new DeleteObjectTaggingCommand({ Bucket, Key: 'tagged.txt' }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'tagged.txt' }))).TagSet).toEqual([]);
    const missing = await errorOf(
      s3.send(
        new PutObjectTaggingCommand({
          Bucket,
          Key: 'nope.txt',
          Tagging: { TagSet: [{ Key: 'b', Value: '2' }] },
        }),
      ),
    );
    expect(missing).toMatchObject({ name: 'NoSuchKey', status: 404 });
  });

  it('keeps tags and metadata outside the bucket folder, and drops them when the object is overwritten', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'side/car.txt', Body: 'v1', Tagging: 'k=v' }));
    expect(readdirSync(join(services.workdir, 's3', Bucket, 'side'))).toEqual(['car.txt']);
    expect((await allKeys(Bucket, { Prefix: 'side/' })).sort()).toEqual(['side/car.txt']);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'side/car.txt', Body: 'v2, longer' }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'side/car.txt' }))).TagSet).toEqual([]);
  });

  it('deletes objects one by one and in batches, pruning the folders left empty', async () => {
    for (const Key of ['gone/a/1.txt', 'gone/a/2.txt', 'gone/b.txt']) {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    }
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'gone/b.txt' }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'gone/never-there.txt' }));
    const batch = await s3.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: { Objects: [{ Key: 'gone/a/1.txt' }, { Key: 'gone/a/2.txt' }, { Key: 'gone/none.txt' }] },
      }),
    );
    expect(batch.Deleted?.map((d) => d.Key)).toEqual(['gone/a/1.txt', 'gone/a/2.txt', 'gone/none.txt']);
    expect(batch.Errors).toBeUndefined();
    expect(await allKeys(Bucket, { Prefix: 'gone/' })).toEqual([]);
    expect(existsSync(join(services.workdir, 's3', Bucket, 'gone'))).toBe(false);
  });
});

describe('ListObjectsV2', () => {
  const Bucket = 'lakeline-listing';
  const keys = ['a.txt', 'dir/1.txt', 'dir/2.txt', 'dir/sub/3.txt', 'other/4.txt', 'z.txt'];
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }));
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
  });

  it('lists every key in order, with sizes and ETags', async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket }));
    expect(page.Contents?.map((o) => o.Key)).toEqual(keys);
    expect(page).toMatchObject({ KeyCount: keys.length, IsTruncated: false, MaxKeys: 1000 });
    expect(page.Contents?.[1]).toMatchObject({
      Size: 9,
      ETag: md5(Buffer.from('dir/1.txt')),
      StorageClass: 'STANDARD',
    });
  });

  it('rolls keys up into CommonPrefixes at the delimiter, under a prefix', async () => {
    const top = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }));
    expect(top.Contents?.map((o) => o.Key)).toEqual(['a.txt', 'z.txt']);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir/', 'other/']);
    const dir = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'dir/', Delimiter: '/' }));
    expect(dir.Contents?.map((o) => o.Key)).toEqual(['dir/1.txt', 'dir/2.txt']);
    expect(dir.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir/sub/']);
    expect(dir.KeyCount).toBe(3);
  });

  it('pages with max-keys and continuation tokens, a common prefix counting once', async () => {
    expect(await allKeys(Bucket, { MaxKeys: 2 })).toEqual(keys);
    const first = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/', MaxKeys: 2 }));
    expect(first).toMatchObject({ IsTruncated: true, KeyCount: 2 });
    expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir/']);
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket,
        Delimiter: '/',
        MaxKeys: 2,
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['other/']);
    expect(second.Contents?.map((o) => o.Key)).toEqual(['z.txt']);
    expect(second.IsTruncated).toBe(false);
  });

  it('starts after a key', async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket, StartAfter: 'dir/sub/3.txt' }));
    expect(page.Contents?.map((o) => o.Key)).toEqual(['other/4.txt', 'z.txt']);
  });

  it('is NoSuchBucket for a missing bucket', async () => {
    const error = await errorOf(s3.send(new ListObjectsV2Command({ Bucket: 'lakeline-nothing' })));
    expect(error).toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });
});

describe('what is not served', () => {
  it('answers an operation it does not implement with S3 NotImplemented (501)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lakeline-unserved' }));
    const versioning = await errorOf(
      s3.send(new GetBucketVersioningCommand({ Bucket: 'lakeline-unserved' })),
    );
    expect(versioning).toMatchObject({ name: 'NotImplemented', status: 501 });
    expect(versioning.message).toContain('?versioning');
    const copy = await errorOf(
      s3.send(
        new CopyObjectCommand({ Bucket: 'lakeline-unserved', Key: 'b', CopySource: 'lakeline-unserved/a' }),
      ),
    );
    expect(copy).toMatchObject({ name: 'NotImplemented', status: 501 });
    expect(copy.message).toContain('CopyObject');
  });

  it('answers a key a file system cannot hold with NotImplemented, naming why', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lakeline-folders' }));
    const marker = await errorOf(
      s3.send(new PutObjectCommand({ Bucket: 'lakeline-folders', Key: 'folder/', Body: 'marker' })),
    );
    expect(marker).toMatchObject({ name: 'NotImplemented', status: 501 });
    expect(marker.message).toContain("trailing '/'");
    await s3.send(new PutObjectCommand({ Bucket: 'lakeline-folders', Key: 'a', Body: 'file' }));
    const nested = await errorOf(
      s3.send(new PutObjectCommand({ Bucket: 'lakeline-folders', Key: 'a/b', Body: 'x' })),
    );
    expect(nested).toMatchObject({ name: 'NotImplemented', status: 501 });
  });
});
