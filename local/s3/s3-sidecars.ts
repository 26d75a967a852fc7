/**
 * What S3 keeps about buckets and objects besides their bytes (tags, content type, user metadata,
 * a bucket's creation date and region), as JSON files in a folder of its own next to the bucket
 * folders, so that listing a bucket (which walks its folder) never shows them:
 *
 *   <meta>/buckets/<bucket>.json          { created, region?, tags? }
 *   <meta>/objects/<bucket>/<key>.json    { size, mtimeMs, headers, metadata, tags }
 *
 * An object's sidecar records the size and modification time of the bytes it describes: the
 * simulator's engines write objects as plain files (DuckDB writing Parquet), so a sidecar whose
 * file changed since describes an older object and is ignored, as S3 drops tags and metadata when
 * an object is overwritten.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface S3Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface BucketInfo {
  readonly created: string;
  readonly region?: string;
  readonly tags?: readonly S3Tag[];
}

/** What PutObject stores with the bytes. */
export interface ObjectAttributes {
  /** Headers returned with the object (`content-type`, `cache-control`, …), lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** User metadata (`x-amz-meta-<name>`), by name. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly tags: readonly S3Tag[];
}

interface ObjectSidecar extends ObjectAttributes {
  readonly size: number;
  readonly mtimeMs: number;
}

export const NO_ATTRIBUTES: ObjectAttributes = { headers: {}, metadata: {}, tags: [] };

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export class S3Sidecars {
  constructor(readonly root: string) {}

  private bucketFile(bucket: string): string {
    return join(this.root, 'buckets', `${bucket}.json`);
  }

  /** The sidecar of a key (or the folder of a prefix ending in `/`); never outside the bucket's folder. */
  private objectPath(bucket: string, key: string, suffix: string): string {
    const base = join(this.root, 'objects', bucket);
    const file = join(base, `${key}${suffix}`);
    if (relative(base, file).startsWith('..')) throw new Error(`key escapes the bucket: ${key}`);
    return file;
  }

  bucket(bucket: string): BucketInfo | undefined {
    return readJson<BucketInfo>(this.bucketFile(bucket));
  }

  writeBucket(bucket: string, info: BucketInfo): void {
    writeJson(this.bucketFile(bucket), info);
  }

  deleteBucket(bucket: string): void {
    rmSync(this.bucketFile(bucket), { force: true });
    rmSync(join(this.root, 'objects', bucket), { recursive: true, force: true });
  }

  /** The attributes of the object whose bytes are `file`, if they were stored for these bytes. */
  object(bucket: string, key: string, file: string): ObjectAttributes | undefined {
    const sidecar = readJson<ObjectSidecar>(this.objectPath(bucket, key, '.json'));
    if (sidecar === undefined) return undefined;
    const st = statSync(file);
    return st.size === sidecar.size && st.mtimeMs === sidecar.mtimeMs ? sidecar : undefined;
  }

  /** Records attributes for the bytes now in `file`. */
  writeObject(bucket: string, key: string, file: string, attributes: ObjectAttributes): void {
    const st = statSync(file);
    const sidecar: ObjectSidecar = { ...attributes, size: st.size, mtimeMs: st.mtimeMs };
    writeJson(this.objectPath(bucket, key, '.json'), sidecar);
  }

  deleteObject(bucket: string, key: string): void {
    rmSync(this.objectPath(bucket, key, '.json'), { force: true });
  }

  /** Drops the sidecars of a key and of every key under it as a folder (deletePrefix's mirror). */
  deletePrefix(bucket: string, prefix: string): void {
    rmSync(this.objectPath(bucket, prefix, '.json'), { force: true });
    rmSync(this.objectPath(bucket, prefix, ''), { recursive: true, force: true });
  }
}
