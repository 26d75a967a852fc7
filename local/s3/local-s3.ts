/**
 * S3 on disk: `s3://<bucket>/<key>` is the file `<root>/<bucket>/<key>`. Keys are listed in the
 * lexicographic order S3 lists them; "folders" are only key prefixes.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { AwsServiceError } from '../executor/types.js';

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (m === null) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

export interface S3Object {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export class LocalS3 {
  constructor(readonly root: string) {}

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

  createBucket(bucket: string): void {
    mkdirSync(join(this.root, bucket), { recursive: true });
  }

  put(bucket: string, key: string, body: string | Uint8Array): void {
    const file = this.path(bucket, key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  }

  get(bucket: string, key: string): Buffer {
    const file = this.path(bucket, key);
    if (!existsSync(file) || statSync(file).isDirectory()) {
      throw new AwsServiceError(
        'S3.NoSuchKeyException',
        `The specified key does not exist. (s3://${bucket}/${key})`,
      );
    }
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
  }

  /** Copies a local folder under a prefix (seeding the raw layer). */
  upload(dir: string, bucket: string, prefix: string): void {
    cpSync(dir, this.path(bucket, prefix), { recursive: true });
  }
}
