/**
 * ListObjectsV2's paging over a sorted key listing: keys after `start-after`, rolled up into
 * CommonPrefixes at the first `delimiter` after the prefix, `max-keys` entries a page (a common
 * prefix counts as one), and a continuation token naming the last entry returned, so that the next
 * page resumes after it (after every key under it, for a common prefix) even if keys were added
 * or removed meanwhile, as S3's tokens do.
 */
import type { S3Object } from '../s3/local-s3.js';
import { AwsWireError } from './types.js';

export interface ListRequest {
  readonly prefix: string;
  readonly delimiter: string | undefined;
  readonly maxKeys: number;
  readonly continuationToken: string | undefined;
  readonly startAfter: string | undefined;
}

export interface ListPage {
  readonly contents: readonly S3Object[];
  readonly commonPrefixes: readonly string[];
  readonly nextContinuationToken: string | undefined;
}

type Entry =
  | { readonly kind: 'object'; readonly object: S3Object }
  | { readonly kind: 'prefix'; readonly prefix: string };

const entryKey = (e: Entry): string => (e.kind === 'object' ? e.object.key : e.prefix);

const TOKEN_PREFIX = 'lakeline-s3:';

export function encodeToken(lastKey: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${lastKey}`, 'utf8').toString('base64');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) {
    throw new AwsWireError('InvalidArgument', 'The continuation token provided is incorrect');
  }
  return text.slice(TOKEN_PREFIX.length);
}

/** One page of `objects` (sorted by key, all under `request.prefix`). */
export function listPage(objects: readonly S3Object[], request: ListRequest): ListPage {
  const after =
    request.continuationToken !== undefined ? decodeToken(request.continuationToken) : request.startAfter;
  const entries: Entry[] = [];
  for (const object of objects) {
    if (after !== undefined && object.key <= after) continue;
    const rest = object.key.slice(request.prefix.length);
    const cut = request.delimiter ? rest.indexOf(request.delimiter) : -1;
    if (cut < 0) {
      entries.push({ kind: 'object', object });
      continue;
    }
    const prefix = request.prefix + rest.slice(0, cut + request.delimiter!.length);
    // Keys sort together under their common prefix, so a repeat is always the previous entry; a
    // prefix already returned on an earlier page (the token names it) is not returned again.
    const last = entries.at(-1);
    if ((last?.kind === 'prefix' && last.prefix === prefix) || (after !== undefined && prefix <= after))
      continue;
    entries.push({ kind: 'prefix', prefix });
  }
  const page = entries.slice(0, request.maxKeys);
  const truncated = request.maxKeys > 0 && entries.length > request.maxKeys;
  return {
    contents: page.flatMap((e) => (e.kind === 'object' ? [e.object] : [])),
    commonPrefixes: page.flatMap((e) => (e.kind === 'prefix' ? [e.prefix] : [])),
    nextContinuationToken: truncated ? encodeToken(entryKey(page.at(-1)!)) : undefined,
  };
}
