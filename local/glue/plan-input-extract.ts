/**
 * A latest-extract read (`plan.input.incremental.mode` `latest-extract`): each partition holds a
 * full extract, so a run reads only the newest partition its entry of the ingestion state does
 * not list, and records the older new ones as superseded. Partitions are ordered by their folder
 * values as their declared types order them. The runner does the same on Spark
 * (`partition_order`, `latest_extract_files` in lakeline_runner.py).
 */
import type { DataType, IngestionMark } from '../../core/index.js';
import type { JobPlan } from '../../glue-scripts/index.js';
import { HIVE_NULL, unlistedFiles } from './plan-input-partitions.js';

type Value = string | null;

/** Code point order, as Python compares text (JavaScript's `<` compares UTF-16 units). */
function compareText(a: string, b: string): number {
  const x = Array.from(a, (ch) => ch.codePointAt(0)!);
  const y = Array.from(b, (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

const sign = (n: bigint): number => (n < 0n ? -1 : n > 0n ? 1 : 0);

/**
 * A folder value read as its type: a bigint, or a date's [year, month, day]; undefined when the
 * text is not in the type's form (`-?digits`; `YYYY-M-D`). Text orders as text.
 */
function typed(type: DataType, value: string): bigint | bigint[] | string | undefined {
  if (type.kind === 'int' || type.kind === 'bigint')
    return /^[+-]?\d+$/.test(value) ? BigInt(value) : undefined;
  if (type.kind === 'date') {
    const m = /^(-?\d+)-(\d{1,2})-(\d{1,2})$/.exec(value);
    return m === null ? undefined : [BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!)];
  }
  return value;
}

/** NULL first, then values not in their type's form (as text), then the others as typed. */
function compareValue(type: DataType, a: Value, b: Value): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
  const x = typed(type, a);
  const y = typed(type, b);
  if (x === undefined || y === undefined) {
    const rank = (x === undefined ? 0 : 1) - (y === undefined ? 0 : 1);
    return rank !== 0 ? rank : compareText(a, b);
  }
  if (typeof x === 'string') return compareText(x, y as string);
  if (typeof x === 'bigint') return sign(x - (y as bigint));
  const ys = y as bigint[];
  for (let i = 0; i < 3; i++) if (x[i] !== ys[i]) return sign(x[i]! - ys[i]!);
  return 0;
}

/** Two partitions (their values in `partitionBy` order) compared column by column, each as its type. */
export function comparePartitions(
  types: readonly DataType[],
  a: readonly Value[],
  b: readonly Value[],
): number {
  for (let i = 0; i < types.length; i++) {
    const c = compareValue(types[i]!, a[i] ?? null, b[i] ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

/** The declared types of the input's partition columns, in `partitionBy` order. */
const partitionTypes = (plan: JobPlan): DataType[] =>
  plan.input.partitionBy.map((name) => plan.input.columns.find((c) => c.name === name)!.declaredType);

/** A partition as the ingestion state lists it, back to its values; undefined if it has another shape. */
function listedValues(plan: JobPlan, key: string): Value[] | undefined {
  const values = key.split('/');
  if (values.length !== plan.input.partitionBy.length) return undefined;
  return values.map((v) => (v === HIVE_NULL ? null : v));
}

export interface ExtractChoice<F> {
  /** The files of the partition read: the newest new one, else none. */
  readonly files: F[];
  /** That partition, or nothing. */
  readonly partitionsRead: string[];
  /** The other new partitions, older than the one read or than one already read, sorted. */
  readonly partitionsSuperseded: string[];
}

/**
 * The newest partition the entry does not list, unless a listed one is as new: an older extract
 * landing late must not replace a newer one. Every new partition is recorded (read or superseded).
 */
export function latestExtractFiles<F extends { readonly uri: string }>(
  plan: JobPlan,
  files: readonly F[],
  mark: IngestionMark,
): ExtractChoice<F> {
  const types = partitionTypes(plan);
  const fresh = new Map<string, { values: Value[]; files: F[] }>();
  for (const { file, key, values } of unlistedFiles(plan, files, mark)) {
    const entry = fresh.get(key) ?? { values, files: [] };
    entry.files.push(file);
    fresh.set(key, entry);
  }
  // Newest first; partitions equal as typed (`7` and `07`) in text order, so the choice is stable.
  const byAge = [...fresh.entries()].sort(
    ([ka, a], [kb, b]) => comparePartitions(types, b.values, a.values) || compareText(kb, ka),
  );
  const newest = byAge[0];
  const readBefore = mark.partitions
    .map((k) => listedValues(plan, k))
    .filter((v): v is Value[] => v !== undefined);
  const superseded =
    newest === undefined || readBefore.some((v) => comparePartitions(types, v, newest[1].values) >= 0);
  const read = superseded ? [] : [newest];
  return {
    files: read.flatMap(([, p]) => p.files),
    partitionsRead: read.map(([k]) => k),
    partitionsSuperseded: byAge
      .filter((e) => !read.includes(e))
      .map(([k]) => k)
      .sort(),
  };
}
