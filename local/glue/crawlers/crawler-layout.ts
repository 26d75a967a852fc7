/**
 * Which objects a crawl reads and which table folder each belongs to. An S3 target's objects
 * are listed under its Path, less its Exclusions (globs relative to the Path), less Hadoop's hidden
 * files (a name or folder starting with `_` or `.`, like `_SUCCESS`), at most SampleSize per leaf
 * folder. The table folder is the one at the absolute TableLevelConfiguration (the bucket's first
 * folder being level 1) when the crawler sets it, else the target's Path.
 */
import { existsSync } from 'node:fs';
import { type LocalS3, parseS3Uri } from '../../s3/local-s3.js';
import type { S3Target } from './crawler-types.js';

export interface CrawledObject {
  readonly bucket: string;
  readonly key: string;
  readonly path: string;
  readonly size: number;
}

export interface TableFolder {
  readonly bucket: string;
  /** The table folder's key segments (`student-enrollment`, `raw`, `students`). */
  readonly root: readonly string[];
  readonly objects: readonly CrawledObject[];
}

/** A crawl that cannot go on: it ends FAILED with this message. */
export class CrawlFailure extends Error {
  override readonly name = 'CrawlFailure';
}

export const folderUri = (bucket: string, segments: readonly string[]): string =>
  segments.length === 0 ? `s3://${bucket}/` : `s3://${bucket}/${segments.join('/')}/`;

/** Glue's exclude globs: `*` stays within a folder, `**` crosses folders, `?`, `[…]`, `{a,b}`. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i += 2;
        continue;
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replaceAll('\\', '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|\\]/g, '\\$&');
    i++;
  }
  return new RegExp(`^${out}$`);
}

const segmentsOf = (key: string): string[] => key.split('/').filter((s) => s !== '');
const hidden = (segment: string): boolean => segment.startsWith('_') || segment.startsWith('.');

/** The objects of one target, in key order. */
export function listTarget(
  s3: LocalS3,
  target: S3Target,
): { bucket: string; base: string[]; objects: CrawledObject[] } {
  const { bucket, key } = parseS3Uri(target.Path);
  if (!existsSync(s3.path(bucket, ''))) {
    throw new CrawlFailure(`The specified bucket does not exist: ${bucket} (S3 target ${target.Path})`);
  }
  const exact =
    key !== '' && !key.endsWith('/') ? s3.list(bucket, key).find((o) => o.key === key) : undefined;
  // A Path naming an object crawls that object; otherwise the Path is a folder.
  const prefix = exact !== undefined ? key : key === '' || key.endsWith('/') ? key : `${key}/`;
  const base = segmentsOf(exact !== undefined ? key.slice(0, key.lastIndexOf('/') + 1) : prefix);
  const exclusions = (target.Exclusions ?? []).map(globToRegExp);
  const perFolder = new Map<string, number>();
  const objects: CrawledObject[] = [];
  for (const o of s3.list(bucket, prefix)) {
    if (o.key.endsWith('/') || o.key.endsWith('_$folder$')) continue;
    const relative = o.key.slice(base.length === 0 ? 0 : base.join('/').length + 1);
    if (segmentsOf(relative).some(hidden)) continue;
    if (exclusions.some((x) => x.test(relative))) continue;
    const folder = o.key.slice(0, o.key.lastIndexOf('/') + 1);
    const taken = perFolder.get(folder) ?? 0;
    if (target.SampleSize !== undefined && taken >= target.SampleSize) continue;
    perFolder.set(folder, taken + 1);
    objects.push({ bucket, key: o.key, path: s3.path(bucket, o.key), size: o.size });
  }
  return { bucket, base, objects };
}

/**
 * Groups a target's objects by table folder. With a table level, an object above that level
 * belongs to no table and is reported through `skipped`.
 */
export function tableFolders(
  listing: { bucket: string; base: readonly string[]; objects: readonly CrawledObject[] },
  tableLevel: number | undefined,
  skipped: (object: CrawledObject, reason: string) => void,
): TableFolder[] {
  const depth = tableLevel === undefined ? listing.base.length : Math.max(tableLevel, listing.base.length);
  const folders = new Map<string, { root: string[]; objects: CrawledObject[] }>();
  for (const o of listing.objects) {
    const folder = segmentsOf(o.key).slice(0, -1);
    if (folder.length < depth) {
      skipped(o, `it lies above the table level ${depth}`);
      continue;
    }
    const root = folder.slice(0, depth);
    const id = root.join('/');
    const entry = folders.get(id) ?? { root, objects: [] };
    entry.objects.push(o);
    folders.set(id, entry);
  }
  return [...folders.values()].map((f) => ({ bucket: listing.bucket, root: f.root, objects: f.objects }));
}
