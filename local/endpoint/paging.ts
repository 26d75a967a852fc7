/**
 * List operations' MaxResults / NextToken over an in-memory list. The token is an opaque offset
 * into the list as it is at the next call: an item created or deleted between two pages shifts the
 * pages, where AWS's tokens are stable (a deliberate simplification; the lists here are small).
 */
import { AwsWireError } from './types.js';

export interface PageRequest {
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
}

export interface PageOptions {
  /** Page size when the request gives none. */
  readonly defaultSize: number;
  /** The largest page the service hands out. */
  readonly maxSize: number;
  /** The service's error code for a token it did not hand out (InvalidToken, InvalidInputException, …). */
  readonly invalidTokenCode: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

const PREFIX = 'lakeline-page:';

export function pageOf<T>(all: readonly T[], request: PageRequest, options: PageOptions): Page<T> {
  const size = Math.min(Math.max(1, Math.floor(request.maxResults ?? options.defaultSize)), options.maxSize);
  let offset = 0;
  if (request.nextToken !== undefined && request.nextToken !== '') {
    const text = Buffer.from(request.nextToken, 'base64url').toString('utf8');
    const n = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
    if (!Number.isInteger(n) || n < 0) {
      throw new AwsWireError(options.invalidTokenCode, `Invalid pagination token: ${request.nextToken}`);
    }
    offset = n;
  }
  const items = all.slice(offset, offset + size);
  const next = offset + size;
  return next < all.length
    ? { items, nextToken: Buffer.from(`${PREFIX}${next}`, 'utf8').toString('base64url') }
    : { items };
}
