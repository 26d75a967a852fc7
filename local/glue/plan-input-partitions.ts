/**
 * Raw partition folders and the high-water mark, as the reader applies them: which partition a
 * file lies in (its `key=value` folders below the input's prefix), which files an incremental run
 * reads, and the rows past the mark. The runner does the same on Spark (`partition_values`,
 * `incremental_files`, `past_mark` in lakeline_runner.py).
 */
import { type IngestionMark, NO_INGESTION, sql as s, sqlt, t } from '../../core/index.js';
import type { JobPlan } from '../../glue-scripts/index.js';
import { countRows, type DuckDb } from '../engines/index.js';

/** Spark's and Hive's text for a NULL partition value. */
export const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

/** The `key=value` folders between the input's prefix and a file, in order. */
function folders(plan: JobPlan, uri: string): [key: string, value: string][] {
  const base = plan.input.path.endsWith('/') ? plan.input.path : `${plan.input.path}/`;
  const parts = uri.startsWith(base) ? uri.slice(base.length).split('/').slice(0, -1) : [];
  return parts
    .filter((f) => f.includes('='))
    .map((f) => [
      decodeURIComponent(f.slice(0, f.indexOf('='))),
      decodeURIComponent(f.slice(f.indexOf('=') + 1)),
    ]);
}

/**
 * The text of each partition column of `plan.input.partitionBy` for a file (NULL for Hive's NULL
 * folder), or undefined when the file does not lie in a folder for each of them.
 */
export function partitionValues(plan: JobPlan, uri: string): (string | null)[] | undefined {
  const found = new Map(folders(plan, uri));
  const values = plan.input.partitionBy.map((c) => found.get(c));
  if (values.some((v) => v === undefined)) return undefined;
  return values.map((v) => (v === HIVE_NULL ? null : v!));
}

/** A partition as the ingestion state lists it: its folder values joined by `/` (`2024-01-15`). */
export const partitionKey = (values: readonly (string | null)[]): string =>
  values.map((v) => v ?? HIVE_NULL).join('/');

/** The ingestion state entry a run was given (`--lakeline_ingestion_state`); none before the first run. */
export function parseIngestionMark(text: string | undefined): IngestionMark {
  if (text === undefined || text.trim() === '') return NO_INGESTION;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`--lakeline_ingestion_state is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const v = (value ?? {}) as Partial<IngestionMark>;
  const partitions = v.partitions ?? [];
  if (!Array.isArray(partitions) || partitions.some((p) => typeof p !== 'string'))
    throw new Error('--lakeline_ingestion_state: "partitions" is not a list of partitions');
  const mark = v.highWaterMark ?? null;
  if (mark !== null && typeof mark !== 'string')
    throw new Error('--lakeline_ingestion_state: "highWaterMark" is not text');
  return { partitions, highWaterMark: mark, runId: typeof v.runId === 'string' ? v.runId : null };
}

/** Nothing was ingested yet: the run reads every file, and its output replaces what is there. */
export const isFirstIngestion = (mark: IngestionMark): boolean =>
  mark.partitions.length === 0 && mark.highWaterMark === null;

/**
 * The files an incremental run reads: those of partitions the entry does not list (every file
 * of an unpartitioned input), and the partitions they are in. A partition once read is not read
 * again, even if files were added to it: partitions are immutable once landed.
 */
export function incrementalFiles<F extends { readonly uri: string }>(
  plan: JobPlan,
  files: readonly F[],
  mark: IngestionMark,
): { readonly files: F[]; readonly partitions: string[] } {
  if (plan.input.partitionBy.length === 0) return { files: [...files], partitions: [] };
  const found = unlistedFiles(plan, files, mark);
  return { files: found.map((f) => f.file), partitions: [...new Set(found.map((f) => f.key))].sort() };
}

/** The files, in order, of the partitions the entry does not list, each with its partition. */
export function unlistedFiles<F extends { readonly uri: string }>(
  plan: JobPlan,
  files: readonly F[],
  mark: IngestionMark,
): { readonly file: F; readonly key: string; readonly values: (string | null)[] }[] {
  const read = new Set(mark.partitions);
  return files.flatMap((file) => {
    const values = partitionValues(plan, file.uri);
    if (values === undefined) return []; // refused before, naming the file
    const key = partitionKey(values);
    return read.has(key) ? [] : [{ file, key, values }];
  });
}

/**
 * Drops the rows at or before the mark (the mark column and the mark cast to the column's declared
 * type); a row whose value does not cast, a malformed record among them, stays. Returns how many
 * were dropped and the latest value of those kept, as text.
 */
export async function keepPastMark(
  db: DuckDb,
  plan: JobPlan,
  table: string,
  mark: IngestionMark,
): Promise<{ readonly alreadyIngested: number; readonly latest: string | null }> {
  const inc = plan.input.incremental;
  if (inc === null || inc.column === null || inc.markType === null)
    return { alreadyIngested: 0, latest: null };
  const value = s.tryCast(s.col(inc.column), inc.markType);
  let alreadyIngested = 0;
  if (mark.highWaterMark !== null) {
    const atOrBefore = s.binary('<=', value, s.tryCast(s.lit(mark.highWaterMark), inc.markType));
    alreadyIngested = await countRows(db, table, atOrBefore);
    await db.run(sqlt`DELETE FROM ${s.ident(table)} WHERE ${atOrBefore}`);
  }
  const latest = await db.one(
    s.select({
      items: [s.item(s.cast(s.call('max', value), t.string()), 'latest')],
      from: s.fromTable(s.table(table)),
    }),
  );
  return { alreadyIngested, latest: latest.latest === null ? null : String(latest.latest) };
}
