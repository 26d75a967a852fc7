/**
 * The plan's reader: the input files a run was handed become the view `input` — the plan's columns
 * (strings for CSV and JSON, declared types for Parquet), `_lakeline_raw` with the text of a
 * record that did not parse, and `_lakeline_row`, unique per row.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type IngestionMark, sql as s, sqlt } from '../../core/index.js';
import type { JobPlan } from '../../glue-scripts/index.js';
import {
  addTextColumn,
  appendRawRows,
  attachFileValues,
  countRows,
  createView,
  type DuckDb,
  parquetColumnNames,
  readCsvStrict,
  readJsonLinesKeepingMalformed,
  readParquetInto,
} from '../engines/index.js';
import { type MalformedLine, screenCsv } from './plan-input-csv.js';
import { keepPastMark, partitionValues } from './plan-input-partitions.js';

export interface InputFile {
  readonly uri: string;
  /** The file on disk. */
  readonly path: string;
}

export interface InputRead {
  readonly rows: number;
  readonly malformed: number;
  /** The files that held no row, and why (`enrollments/part-0.csv: a header and no rows`). */
  readonly emptyFiles: readonly string[];
}

/** What an incremental read found beside the rows: those it left out, the latest mark value read. */
export interface MarkRead {
  readonly alreadyIngested: number;
  readonly latest: string | null;
}

const INPUT_TABLE = 'lakeline_input_rows';
/** While reading partitioned text files: the file each row came from, replaced by its partition values. */
const FILE_COLUMN = '_lakeline_file';

/** The columns a CSV header or JSON object holds: the input's, but for those of its partition folders. */
const fileColumns = (plan: JobPlan): string[] =>
  plan.input.columns.map((c) => c.name).filter((c) => !plan.input.partitionBy.includes(c));

const partitionedText = (plan: JobPlan): boolean =>
  plan.input.format !== 'parquet' && plan.input.partitionBy.length > 0;

/** Spark skips files whose names start with `_` or `.` (`_SUCCESS`, `.crc`); so does the local reader. */
export const isDataFile = (key: string): boolean => !/^[_.]/.test(basename(key));

/**
 * A file as messages name it: the dataset's folder and the path under it, as the user laid the
 * input out (`enrollments/part-0.csv`), rather than the raw layer's S3 URI.
 */
export function shownName(plan: JobPlan, uri: string): string {
  const base = plan.input.path.endsWith('/') ? plan.input.path : `${plan.input.path}/`;
  return uri.startsWith(base) ? `${plan.input.dataset}/${uri.slice(base.length)}` : uri;
}

async function readCsv(
  db: DuckDb,
  plan: JobPlan,
  files: readonly InputFile[],
  scratch: string,
): Promise<InputRead> {
  const csv = plan.input.csv;
  if (csv === null) throw new Error(`plan ${plan.job}: a csv input without csv options`);
  const columns = fileColumns(plan);
  const partitioned = partitionedText(plan);
  const parse: string[] = [];
  const fileOf = new Map<string, string>();
  const malformed: (MalformedLine & { readonly file: string })[] = [];
  const emptyFiles: string[] = [];
  let records = 0;
  for (const [i, f] of files.entries()) {
    const buf = readFileSync(f.path);
    const name = shownName(plan, f.uri);
    if (buf.length === 0) {
      emptyFiles.push(`${name}: empty, 0 bytes`);
      continue;
    }
    const screen = screenCsv(buf, columns, csv, name);
    if (screen.records === 0 && screen.malformed.length === 0)
      emptyFiles.push(`${name}: a header and no rows`);
    records += screen.records;
    malformed.push(...screen.malformed.map((m) => ({ ...m, file: f.path })));
    if (screen.clean === null) parse.push(f.path);
    else {
      const clean = join(scratch, `input-${i}.csv`);
      writeFileSync(clean, screen.clean);
      parse.push(clean);
      fileOf.set(clean, f.path);
    }
  }
  const raw = plan.columns.raw;
  const rows = await readCsvStrict(db, {
    into: INPUT_TABLE,
    files: parse,
    columns,
    rawColumn: raw,
    dialect: csv,
    ...(partitioned ? { fileColumn: FILE_COLUMN } : {}),
  });
  // A screened copy stands for the file it was made from.
  for (const [clean, original] of fileOf) {
    if (!partitioned) break;
    await db.run(
      sqlt`UPDATE ${s.table(INPUT_TABLE)} SET ${s.ident(FILE_COLUMN)} = ${s.lit(original)} WHERE ${s.ident(FILE_COLUMN)} = ${s.lit(clean)}`,
    );
  }
  if (rows !== records) {
    throw new Error(
      `the CSV reader parsed ${rows} rows where ${records} whole records were found; refusing to lose or invent rows`,
    );
  }
  if (malformed.length > 0) {
    const file = join(scratch, 'malformed.jsonl');
    writeFileSync(file, `${malformed.map((m) => JSON.stringify(m)).join('\n')}\n`);
    await appendRawRows(db, {
      into: INPUT_TABLE,
      rawColumn: raw,
      reasonColumn: plan.columns.rawReason,
      file,
      ...(partitioned ? { fileColumn: FILE_COLUMN } : {}),
    });
  }
  return { rows: rows + malformed.length, malformed: malformed.length, emptyFiles };
}

async function readOther(db: DuckDb, plan: JobPlan, files: readonly InputFile[]): Promise<InputRead> {
  const paths = files.map((f) => f.path);
  const raw = plan.columns.raw;
  if (plan.input.format === 'json') {
    const rows = await readJsonLinesKeepingMalformed(db, {
      into: INPUT_TABLE,
      files: paths,
      columns: fileColumns(plan),
      rawColumn: raw,
      ...(partitionedText(plan) ? { fileColumn: FILE_COLUMN } : {}),
    });
    const malformed = await countRows(db, INPUT_TABLE, s.isNotNull(s.col(raw)));
    return { rows, malformed, emptyFiles: [] };
  }
  const columns = plan.input.columns.map((c) => ({ name: c.name, type: c.type }));
  const partitioned = plan.input.partitionBy.length > 0;
  if (files.length > 0) await checkParquetColumns(db, plan, files, partitioned);
  return {
    rows: await readParquetInto(db, {
      into: INPUT_TABLE,
      files: paths,
      columns,
      rawColumn: raw,
      partitioned,
    }),
    malformed: 0,
    emptyFiles: [],
  };
}

/** The Parquet files of a processed input lack a column the plan reads, or a partition folder. */
export class InputColumnsError extends Error {
  override readonly name = 'InputColumnsError';
}

/** The `key=value` folders between the input's prefix and a file, as keys. */
function partitionKeys(plan: JobPlan, uri: string): string[] {
  const base = plan.input.path.endsWith('/') ? plan.input.path : `${plan.input.path}/`;
  const folders = uri.startsWith(base) ? uri.slice(base.length).split('/').slice(0, -1) : [];
  return folders.filter((f) => f.includes('=')).map((f) => decodeURIComponent(f.slice(0, f.indexOf('='))));
}

/**
 * The files hold what the plan reads, said before anything is read: each file lies in a folder for
 * each partition column, and the files hold the other columns. Without this, a partition column
 * missing from a path would fail in DuckDB's own words, and a column missing from every file
 * would stop the read with a binder error that does not name the dataset.
 */
async function checkParquetColumns(
  db: DuckDb,
  plan: JobPlan,
  files: readonly InputFile[],
  partitioned: boolean,
): Promise<void> {
  const { dataset, partitionBy } = plan.input;
  for (const f of files) {
    const keys = partitionKeys(plan, f.uri);
    const missing = partitionBy.filter((c) => !keys.includes(c));
    if (missing.length > 0) {
      throw new InputColumnsError(
        `${shownName(plan, f.uri)}: not in a ${missing.map((c) => `${c}=…/`).join('')} folder, where the plan reads ${dataset} partitioned by ${partitionBy.join(', ')}`,
      );
    }
  }
  const held = new Set(
    await parquetColumnNames(
      db,
      files.map((f) => f.path),
      partitioned,
    ),
  );
  const absent = plan.input.columns.map((c) => c.name).filter((c) => !held.has(c));
  if (absent.length > 0) {
    throw new InputColumnsError(
      `${dataset}: the Parquet files under ${plan.input.path} have no column ${absent.map((c) => `"${c}"`).join(', ')} (they hold ${[...held].join(', ')})${
        plan.input.layer === 'processed'
          ? `; the plan reads the columns the job writing ${dataset} declares: rerun that job after synthesizing again`
          : ''
      }`,
    );
  }
}

/**
 * Each file of a partitioned raw input lies in a folder for each partition column; said before
 * anything is read, naming the file.
 */
export function checkPartitionFolders(plan: JobPlan, files: readonly InputFile[]): void {
  if (!partitionedText(plan)) return;
  const { dataset, partitionBy } = plan.input;
  for (const f of files) {
    if (partitionValues(plan, f.uri) !== undefined) continue;
    const missing = partitionBy.filter((c) => !partitionKeys(plan, f.uri).includes(c));
    throw new InputColumnsError(
      `${shownName(plan, f.uri)}: not in a ${missing.map((c) => `${c}=…/`).join('')} folder, where ${dataset} lands partitioned by ${partitionBy.join(', ')}`,
    );
  }
}

/** The partition columns of a raw text input, from the folders of the file each row came from. */
async function attachPartitions(
  db: DuckDb,
  plan: JobPlan,
  files: readonly InputFile[],
  scratch: string,
): Promise<void> {
  const types = new Map(plan.input.columns.map((c) => [c.name, c.declaredType]));
  await attachFileValues(db, {
    table: INPUT_TABLE,
    fileColumn: FILE_COLUMN,
    columns: plan.input.partitionBy.map((name) => ({ name, type: types.get(name)! })),
    values: new Map(files.map((f) => [f.path, partitionValues(plan, f.uri)!])),
    scratch: join(scratch, 'partitions.jsonl'),
  });
}

/**
 * Reads the files into the view `input`; row ids are the table's row ids, fixed once read. With
 * `mark` (an incremental read), rows at or before its high-water mark are left out.
 */
export async function registerInput(
  db: DuckDb,
  plan: JobPlan,
  files: readonly InputFile[],
  scratch: string,
  mark: IngestionMark | null = null,
): Promise<InputRead & MarkRead> {
  checkPartitionFolders(plan, files);
  const read =
    plan.input.format === 'csv' ? await readCsv(db, plan, files, scratch) : await readOther(db, plan, files);
  if (partitionedText(plan)) await attachPartitions(db, plan, files, scratch);
  const past =
    mark === null ? { alreadyIngested: 0, latest: null } : await keepPastMark(db, plan, INPUT_TABLE, mark);
  // Plans from before the reader gave reasons have no such column; the others read it in step_0.
  if (plan.columns.rawReason !== undefined) await addTextColumn(db, INPUT_TABLE, plan.columns.rawReason);
  await createView(
    db,
    plan.input.view,
    sqlt`SELECT *, rowid AS ${s.ident(plan.columns.row)} FROM ${s.table(INPUT_TABLE)}`,
  );
  // Rows left out by the mark are not input rows; the malformed ones always stay.
  return { ...read, rows: read.rows - past.alreadyIngested, ...past };
}
