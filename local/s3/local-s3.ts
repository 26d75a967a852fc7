/**
 * S3 on disk: `s3://<bucket>/<key>` is the file `<root>/<bucket>/<key>`. Keys are listed in the
 * lexicographic order S3 lists them; "folders" are only key prefixes. What S3 keeps besides the
 * bytes (tags, content type, user metadata) lives in sidecar files under `<root>.meta/`
 * (s3-sidecars.ts), outside the bucket folders, so listings never show it.
 *
 * Since a key is a file path, a key S3 allows but a file system cannot hold (a trailing `/`, an
 * empty, `.` or `..` segment, or both `a` and `a/b`) cannot be stored: `storableKey` tells.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { AwsServiceError } from '../executor/types.js';
import {
  type BucketInfo,
  NO_ATTRIBUTES,
  type ObjectAttributes,
  S3Sidecars,
  type S3Tag,
} from './s3-sidecars.js';

export type { ObjectAttributes, S3Tag } from './s3-sidecars.js';

import { parseS3Uri } from '../../core/index.js';

export { parseS3Uri, type S3Location } from '../../core/index.js';

export interface S3Object {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface S3Bucket {
  readonly name: string;
  readonly created: Date;
  /** The region it was created in, when created through the endpoint. */
  readonly region?: string;
}

/** S3's bucket naming rules (which also keep the sidecar folder's names out of bucket listings). */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name)
  );
}

/** Whether a key can be a file: no empty, `.` or `..` segment (so no leading or trailing `/`), no NUL. */
export function storableKey(key: string): boolean {
  return (
    key.length > 0 && !key.includes('\0') && key.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
  );
}

const noSuchKey = (bucket: string, key: string): AwsServiceError =>
  new AwsServiceError('S3.NoSuchKeyException', `The specified key does not exist. (s3://${bucket}/${key})`);

const noSuchBucket = (bucket: string): AwsServiceError =>
  new AwsServiceError('S3.NoSuchBucketException', `The specified bucket does not exist (${bucket})`);

export class LocalS3 {
  private readonly sidecars: S3Sidecars;
  /** MD5s by file, valid while the file's size and mtime are unchanged. */
  private readonly etags = new Map<string, { size: number; mtimeMs: number; etag: string }>();

  /** `meta` holds the sidecars; a sibling of `root` (`<workdir>/s3.meta`) unless given. */
  constructor(
    readonly root: string,
    meta = `${root}.meta`,
  ) {
    this.sidecars = new S3Sidecars(meta);
  }

  /** The file behind a key; keys never escape the bucket folder. */
  path(bucket: string, key: string): string {
    const file = join(this.root, bucket, key);
    if (relative(join(this.root, bucket), file).startsWith('..'))
      throw new Error(`key escapes the bucket: ${key}`);
    return file;
  }

  pathOf(uri: string): string {
    const { bucket, key } = parseS3Uri(uri);
    return this.path(bucket, key);
  }

  /** Idempotent; records the creation date (and region, when given) the first time. */
  createBucket(bucket: string, region?: string): void {
    mkdirSync(join(this.root, bucket), { recursive: true });
    if (this.sidecars.bucket(bucket) === undefined) {
      this.sidecars.writeBucket(bucket, {
        created: new Date().toISOString(),
        ...(region === undefined ? {} : { region }),
      });
    }
  }

  bucketExists(bucket: string): boolean {
    const dir = join(this.root, bucket);
    return isValidBucketName(bucket) && existsSync(dir) && statSync(dir).isDirectory();
  }

  /** The bucket's creation date and region, or undefined when there is no such bucket. */
  bucket(name: string): S3Bucket | undefined {
    if (!this.bucketExists(name)) return undefined;
    const info = this.sidecars.bucket(name);
    const created = info === undefined ? statSync(join(this.root, name)).birthtime : new Date(info.created);
    return { name, created, ...(info?.region === undefined ? {} : { region: info.region }) };
  }

  /** Buckets in name order; a folder under the root whose name is no bucket name is not a bucket. */
  listBuckets(): S3Bucket[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && isValidBucketName(e.name))
      .map((e) => this.bucket(e.name)!)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Refuses while any object remains, as S3 does (BucketNotEmpty). */
  deleteBucket(bucket: string): void {
    if (!this.bucketExists(bucket)) throw noSuchBucket(bucket);
    if (this.list(bucket).length > 0) {
      throw new AwsServiceError(
        'S3.BucketNotEmptyException',
        `The bucket you tried to delete is not empty (${bucket})`,
      );
    }
    rmSync(join(this.root, bucket), { recursive: true, force: true });
    this.sidecars.deleteBucket(bucket);
  }

  /** The bucket's tags, or undefined when it has no tag set. */
  bucketTags(bucket: string): readonly S3Tag[] | undefined {
    if (!this.bucketExists(bucket)) throw noSuchBucket(bucket);
    return this.sidecars.bucket(bucket)?.tags;
  }

  /** Replaces the bucket's tag set; undefined deletes it. */
  setBucketTags(bucket: string, tags: readonly S3Tag[] | undefined): void {
    if (!this.bucketExists(bucket)) throw noSuchBucket(bucket);
    const { tags: _old, ...info }: BucketInfo = this.sidecars.bucket(bucket) ?? {
      created: statSync(join(this.root, bucket)).birthtime.toISOString(),
    };
    this.sidecars.writeBucket(bucket, tags === undefined ? info : { ...info, tags });
  }

  put(bucket: string, key: string, body: string | Uint8Array): void {
    const file = this.path(bucket, key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
    this.sidecars.deleteObject(bucket, key);
  }

  /** PutObject: the bytes and what S3 keeps with them (replacing both, as an overwrite does). */
  putObject(bucket: string, key: string, body: Uint8Array, attributes: ObjectAttributes): void {
    if (!this.bucketExists(bucket)) throw noSuchBucket(bucket);
    this.put(bucket, key, body);
    this.sidecars.writeObject(bucket, key, this.path(bucket, key), attributes);
  }

  /** The object's size and modification time, or undefined when there is no such object. */
  head(bucket: string, key: string): S3Object | undefined {
    if (!storableKey(key)) return undefined;
    const file = this.path(bucket, key);
    if (!existsSync(file)) return undefined;
    const st = statSync(file);
    return st.isDirectory() ? undefined : { key, size: st.size, lastModified: st.mtime };
  }

  /** The object's quoted MD5 as S3 gives it for a single-part upload. */
  etag(bucket: string, key: string): string {
    const file = this.path(bucket, key);
    const st = statSync(file);
    const cached = this.etags.get(file);
    if (cached !== undefined && cached.size === st.size && cached.mtimeMs === st.mtimeMs) return cached.etag;
    const etag = `"${createHash('md5').update(readFileSync(file)).digest('hex')}"`;
    this.etags.set(file, { size: st.size, mtimeMs: st.mtimeMs, etag });
    return etag;
  }

  /** Headers, user metadata and tags stored with the object (none for objects written as plain files). */
  objectAttributes(bucket: string, key: string): ObjectAttributes {
    if (this.head(bucket, key) === undefined) throw noSuchKey(bucket, key);
    return this.sidecars.object(bucket, key, this.path(bucket, key)) ?? NO_ATTRIBUTES;
  }

  /** Replaces the object's tag set, keeping its other attributes. */
  setObjectTags(bucket: string, key: string, tags: readonly S3Tag[]): void {
    const attributes = this.objectAttributes(bucket, key);
    this.sidecars.writeObject(bucket, key, this.path(bucket, key), { ...attributes, tags });
  }

  /**
   * DeleteObject: the file, its sidecar, and the folders left empty above it (a prefix exists only
   * while keys under it do). Deleting a key that does not exist is no error, as on S3.
   */
  deleteObject(bucket: string, key: string): void {
    if (!this.bucketExists(bucket)) throw noSuchBucket(bucket);
    if (this.head(bucket, key) === undefined) return;
    rmSync(this.path(bucket, key));
    this.sidecars.deleteObject(bucket, key);
    const top = join(this.root, bucket);
    for (let dir = dirname(this.path(bucket, key)); dir !== top && dir.startsWith(top); dir = dirname(dir)) {
      if (readdirSync(dir).length > 0) break;
      rmdirSync(dir);
    }
  }

  get(bucket: string, key: string): Buffer {
    const file = this.path(bucket, key);
    if (!existsSync(file) || statSync(file).isDirectory()) throw noSuchKey(bucket, key);
    return readFileSync(file);
  }

  /** Objects under a prefix, recursively, in key order. */
  list(bucket: string, prefix = ''): S3Object[] {
    const base = join(this.root, bucket);
    const out: S3Object[] = [];
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else {
          const key = relative(base, p).split(sep).join('/');
          if (key.startsWith(prefix)) {
            const st = statSync(p);
            out.push({ key, size: st.size, lastModified: st.mtime });
          }
        }
      }
    };
    // Start from the deepest folder the prefix names, so a listing does not walk the whole bucket.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    walk(join(base, folder));
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  deletePrefix(bucket: string, prefix: string): void {
    rmSync(this.path(bucket, prefix), { recursive: true, force: true });
    this.sidecars.deletePrefix(bucket, prefix);
  }

  /** Copies a local folder under a prefix (seeding the raw layer). */
  upload(dir: string, bucket: string, prefix: string): void {
    cpSync(dir, this.path(bucket, prefix), { recursive: true });
  }
}
