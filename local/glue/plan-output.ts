/**
 * What a run writes to S3: the kept rows as Snappy Parquet (Hive partitions), the rejected rows as
 * quarantine records (JSON lines), and JSON documents (DQ results, run summary) — the same objects
 * the runner writes on Glue.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { type DataType, type SqlPart, sql as s, sqlt } from '../../core/index.js';
import type { JobPlan } from '../../glue-scripts/index.js';
import {
  type DuckDb,
  EMPTY_TEXT_LIST,
  sparkJsonTimestamp,
  splitText,
  structOf,
  writeCsvFile,
  writeJsonLines,
  writeParquet,
} from '../engines/index.js';
import { type LocalS3, parseS3Uri } from '../s3/local-s3.js';
import { documentJson } from './plan-summary.js';

/** The template with the run id in place of `{run_id}`. */
export const withRunId = (plan: JobPlan, template: string, runId: string): string =>
  template.replaceAll(plan.runId.placeholder, runId);

export function putDocument(s3: LocalS3, uri: string, value: unknown): void {
  const { bucket, key } = parseS3Uri(uri);
  s3.put(bucket, key, documentJson(value));
}

/** The keys under a prefix, to delete once what replaces them is written. */
function keysUnder(s3: LocalS3, uri: string): { readonly bucket: string; readonly keys: readonly string[] } {
  const { bucket, key } = parseS3Uri(uri);
  const prefix = key.endsWith('/') ? key : `${key}/`;
  return { bucket, keys: s3.list(bucket, prefix).map((o) => o.key) };
}

function deleteKeys(s3: LocalS3, old: { readonly bucket: string; readonly keys: readonly string[] }): void {
  for (const key of old.keys) s3.deletePrefix(old.bucket, key);
}

/** Removes the folders under `dir` left empty (S3 has no folders: an empty one lists as nothing). */
function pruneEmptyFolders(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const sub = join(dir, e.name);
    pruneEmptyFolders(sub);
    if (readdirSync(sub).length === 0) rmdirSync(sub);
  }
}

const valueAsJson = (column: string, type: DataType | undefined): SqlPart =>
  type?.kind === 'timestamp' ? sparkJsonTimestamp(s.col(column)) : s.col(column);

/**
 * Quarantine records from the rejected rows, as the runner shapes them: `row` (the output columns),
 * `source` (input values of the columns without personal data), `reasons` split on the separator,
 * `failedRules` (an empty list without row rules) and `raw`. The run's folder is replaced, as
 * Spark's overwrite mode does.
 */
export async function writeQuarantine(
  db: DuckDb,
  s3: LocalS3,
  plan: JobPlan,
  runId: string,
  fileId: string,
): Promise<void> {
  const record = plan.quarantine.record;
  const types = new Map(plan.output.columns.map((c) => [c.name, c.type]));
  const row = structOf(record.row.map((c) => [c, valueAsJson(c, types.get(c))] as const));
  const source =
    record.source.length === 0
      ? s.lit(null)
      : structOf(record.source.map((c) => [c.column, s.col(c.as)] as const));
  const failed = record.failedRules === null ? EMPTY_TEXT_LIST : s.col(record.failedRules);
  const fields: (readonly [string, SqlPart])[] = [
    ['job', s.lit(plan.job)],
    ['runId', s.lit(runId)],
    ['row', row],
    ['source', source],
    ['reasons', splitText(s.col(record.reasons), plan.split.reasonSeparator)],
    ['failedRules', failed],
    ['raw', s.col(record.raw)],
  ];
  const select = s.list(fields.map(([name, value]) => sqlt`${value} AS ${s.ident(name)}`));
  const folder = withRunId(plan, plan.quarantine.path, runId);
  const old = keysUnder(s3, folder);
  const dir = s3.pathOf(folder);
  const name = `part-00000-${fileId}-c000.json`;
  mkdirSync(dir, { recursive: true });
  await writeJsonLines(db, {
    query: sqlt`SELECT ${select} FROM (${s.verbatim(plan.split.rejected.duckdb)}) AS ${s.ident('r')}`,
    file: join(dir, name),
  });
  deleteKeys(s3, { bucket: old.bucket, keys: old.keys.filter((k) => !k.endsWith(`/${name}`)) });
}

/**
 * Runs `write` into the folder of `prefix`. `replace` (a run that read every input file) removes
 * what earlier runs wrote there once the new files are in place; otherwise the files are added
 * beside theirs, as a bookmarked run appends.
 */
async function writeUnder(
  s3: LocalS3,
  prefix: string,
  replace: boolean,
  write: (folder: string) => Promise<void>,
): Promise<void> {
  const old = keysUnder(s3, prefix);
  const folder = s3.pathOf(prefix);
  mkdirSync(folder, { recursive: true });
  await write(folder);
  if (replace) {
    deleteKeys(s3, old);
    pruneEmptyFolders(folder);
  }
}

/** Writes the kept rows under the processed prefix, replacing or adding to earlier runs' (`writeUnder`). */
export const writeProcessed = (
  db: DuckDb,
  s3: LocalS3,
  plan: JobPlan,
  replace: boolean,
  fileId: string,
): Promise<void> =>
  writeUnder(s3, plan.output.path, replace, (folder) =>
    writeParquet(db, {
      query: s.verbatim(plan.split.kept.duckdb),
      folder,
      partitionBy: plan.output.partitionBy,
      fileId,
    }),
  );

/**
 * Writes the kept rows again as one CSV file under `output.export.path` (when the plan has an
 * export), in `export.columns` order, partition columns included: what a warehouse that imports
 * CSV loads (`writeCsvFile` says the format). Replaced or added to as the Parquet output is.
 */
export async function writeExport(
  db: DuckDb,
  s3: LocalS3,
  plan: JobPlan,
  replace: boolean,
  fileId: string,
): Promise<void> {
  const exported = plan.output.export;
  if (exported === null) return;
  const columns = s.list(exported.columns.map((c) => s.ident(c)));
  await writeUnder(s3, exported.path, replace, (folder) =>
    writeCsvFile(db, {
      query: sqlt`SELECT ${columns} FROM (${s.verbatim(plan.split.kept.duckdb)}) AS ${s.ident('k')}`,
      file: join(folder, `part-00000-${fileId}.csv`),
    }),
  );
}
