/**
 * The stage's bucket and the objects deploy uploads into it: the job runner script, the job plans
 * and the DQDL rulesets, each at the location the job configs and plans name.
 */
import { createHash } from 'node:crypto';
import type { BucketLocationConstraint } from '@aws-sdk/client-s3';
import { parseS3Uri } from '../../core/index.js';
import type { DeployContext } from '../context.js';
import { awsCall, readOrMissing } from '../errors.js';
import { type Resource, TAG_STAGE, taggedFor, tagList, tagMap } from '../resource.js';
import { s3 } from '../sdk.js';

const {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
} = s3;

/**
 * The bucket holds every pipeline's data for the stage, so it is created when missing and tagged
 * with the stage only, and destroy never removes it.
 */
export function bucketResource(ctx: DeployContext): Resource {
  const name = ctx.bucket;
  const label = `bucket ${name}`;
  return {
    type: 'AWS::S3::Bucket',
    name,
    desired: {},
    async read({ s3 }) {
      const head = await readOrMissing(label, 'HeadBucket', ['NotFound', 'NoSuchBucket'], () =>
        s3.send(new HeadBucketCommand({ Bucket: name })),
      );
      return head === undefined ? undefined : {};
    },
    async create({ s3 }) {
      await awsCall(label, 'CreateBucket', () =>
        s3.send(
          new CreateBucketCommand({
            Bucket: name,
            ...(ctx.region === 'us-east-1'
              ? {}
              : {
                  CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint },
                }),
          }),
        ),
      );
      await awsCall(label, 'PutBucketTagging', () =>
        s3.send(
          new PutBucketTaggingCommand({
            Bucket: name,
            Tagging: { TagSet: tagList({ [TAG_STAGE]: ctx.stage, 'lakeline:managed-by': 'lakeline' }) },
          }),
        ),
      );
    },
    async update() {},
    async delete() {},
    owned: () => false,
    keptBecause: "it holds the stage's data, for every pipeline",
  };
}

const md5 = (body: string): string => createHash('md5').update(body).digest('hex');

function objectResource(ctx: DeployContext, uri: string, body: string): Resource {
  const { bucket, key } = parseS3Uri(uri);
  const label = `object ${uri}`;
  const tagging = new URLSearchParams(Object.entries(ctx.tags)).toString();
  return {
    type: 'AWS::S3::Object',
    name: uri,
    // A single-part upload's ETag is the MD5 of its bytes.
    desired: { ETag: md5(body), Tags: ctx.tags },
    async read({ s3 }) {
      const head = await readOrMissing(label, 'HeadObject', ['NotFound', 'NoSuchKey', 'NoSuchBucket'], () =>
        s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
      );
      if (head === undefined) return undefined;
      const etag = head.ETag?.replace(/"/g, '');
      const tags = await awsCall(label, 'GetObjectTagging', () =>
        s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key })),
      );
      return { ETag: etag, Tags: tagMap(tags.TagSet) };
    },
    async create({ s3 }) {
      await awsCall(label, 'PutObject', () =>
        s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Tagging: tagging })),
      );
    },
    async update(clients) {
      await this.create(clients);
    },
    async delete({ s3 }) {
      await awsCall(label, 'DeleteObject', () =>
        s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })),
      );
    },
    owned: (current) => taggedFor(current.Tags as Record<string, string>, ctx.pipeline, ctx.stage),
  };
}

/** Script, plans and rulesets, each uploaded where the tree's configs say the job reads it. */
export const objectResources = (ctx: DeployContext): Resource[] =>
  ctx.tree.uploads().map(({ uri, path }) => objectResource(ctx, uri, ctx.tree.text(path)));
