/**
 * JSON inference as Glue's built-in JSON classifier does it for newline-delimited records: each
 * top-level key is a column; numbers are int when every value fits 32 bits, bigint when they fit
 * 64, double otherwise; objects are structs and arrays arrays, merged over every record. Strings
 * stay strings (no date detection); a key seen only with null is a string. Read from the file's
 * first megabyte, as Glue reads it.
 */
import type { FileSchema } from './crawler-file-schema.js';
import { type HiveField, type HiveType, primitive, STRING, widerType } from './crawler-hive-type.js';
import { estimateRecords, readSample } from './crawler-sample.js';

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;

/** A type while records are still being read: `null` until a key shows a value. */
type Seen =
  | { readonly kind: 'null' }
  | { readonly kind: 'scalar'; readonly type: HiveType }
  | { readonly kind: 'array'; readonly element: Seen }
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, Seen> };

const NULL: Seen = { kind: 'null' };
const TEXT: Seen = { kind: 'scalar', type: STRING };

function seen(value: unknown): Seen {
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'boolean') return { kind: 'scalar', type: primitive('boolean') };
  if (typeof value === 'string') return TEXT;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { kind: 'scalar', type: primitive('double') };
    if (value >= -INT32 && value < INT32) return { kind: 'scalar', type: primitive('int') };
    return { kind: 'scalar', type: primitive(value >= -INT64 && value < INT64 ? 'bigint' : 'double') };
  }
  if (Array.isArray(value)) return { kind: 'array', element: value.map(seen).reduce(merge, NULL) };
  const fields = new Map<string, Seen>();
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const name = key.toLowerCase();
    fields.set(name, merge(fields.get(name) ?? NULL, seen(v)));
  }
  return { kind: 'object', fields };
}

function merge(a: Seen, b: Seen): Seen {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', type: widerType(a.type, b.type) };
  if (a.kind === 'array' && b.kind === 'array')
    return { kind: 'array', element: merge(a.element, b.element) };
  if (a.kind === 'object' && b.kind === 'object') {
    const fields = new Map(a.fields);
    for (const [name, t] of b.fields) fields.set(name, merge(fields.get(name) ?? NULL, t));
    return { kind: 'object', fields };
  }
  return TEXT;
}

function finish(t: Seen): HiveType {
  switch (t.kind) {
    case 'null':
      return STRING;
    case 'scalar':
      return t.type;
    case 'array':
      return { kind: 'array', element: finish(t.element) };
    case 'object':
      return { kind: 'struct', fields: fieldsOf(t) };
  }
}

const fieldsOf = (t: Extract<Seen, { kind: 'object' }>): HiveField[] =>
  [...t.fields].map(([name, type]) => ({ name, type: finish(type) }));

/**
 * The line with every number literal written with a fraction or exponent replaced by `0.5`.
 * `JSON.parse` reads `1.0` as the integer 1, but Glue types it double; values are only typed, never
 * kept, so the replacement keeps each number's kind and nothing else matters.
 */
export function markFractions(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      out += line.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?/.exec(line.slice(i, i + 400));
      const token = m?.[0] ?? c;
      out += m?.[1] !== undefined || m?.[2] !== undefined ? '0.5' : token;
      i += token.length;
    } else {
      let j = i + 1;
      while (j < line.length && !/["\-0-9]/.test(line[j]!)) j++;
      out += line.slice(i, j);
      i = j;
    }
  }
  return out;
}

/** The Hive type of one JSON value (null reads as string). */
export const jsonValueType = (value: unknown): HiveType => finish(seen(value));

/** Whether a file's first record reads as a JSON object (the file is then offered to this classifier). */
export function looksLikeJsonLines(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{')) return false;
  const end = text.indexOf('\n');
  if (end < 0 && head.length >= 64 * 1024) return true; // a first record longer than the sample
  try {
    const value: unknown = JSON.parse(end < 0 ? text : text.slice(0, end));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** The schema of a file of JSON records, one a line, from its first megabyte (see crawler-sample.ts). */
export async function inferJson(path: string, signal?: AbortSignal): Promise<FileSchema> {
  const sample = await readSample(path, 1, signal);
  // A line the sample cuts is no record.
  const end = sample.complete ? sample.text.length : sample.text.lastIndexOf('\n') + 1;
  let all: Seen = { kind: 'object', fields: new Map() };
  let records = 0;
  let malformed = 0;
  for (const raw of sample.text
    .slice(0, end)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(markFractions(raw));
    } catch {
      malformed++;
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      malformed++;
      continue;
    }
    all = merge(all, seen(value));
    records++;
  }
  return {
    format: { kind: 'json' },
    columns: all.kind === 'object' ? fieldsOf(all) : [],
    records: estimateRecords(sample, { records, start: 0, end, all: sample.complete }),
    malformed,
  };
}
