/**
 * DuckDB's own statements for files and relations — read_csv, read_json, read_parquet, read_text,
 * COPY … TO — which the SQL IR of core/sql does not model, written as core/sql templates: names and
 * types through the duckdb dialect, paths and other values as its literals.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DataType, type Expr, type Select, type SqlPart, sql as s, sqlt } from '../../core/index.js';
import type { DuckDb } from './duckdb.js';

export interface TypedColumn {
  readonly name: string;
  readonly type: DataType;
}

export async function createView(db: DuckDb, name: string, query: SqlPart): Promise<void> {
  await db.run(sqlt`CREATE OR REPLACE VIEW ${s.ident(name)} AS ${query}`);
}

export async function createTable(db: DuckDb, name: string, query: SqlPart): Promise<void> {
  await db.run(sqlt`CREATE OR REPLACE TABLE ${s.ident(name)} AS ${query}`);
}

/** The rows of a table or view (those for which `where` holds, when given). */
export async function countRows(db: DuckDb, table: string, where?: Expr): Promise<number> {
  const query = s.select({
    items: [s.item(s.call('count', s.star()), 'n')],
    from: s.fromTable(s.table(table)),
    ...(where === undefined ? {} : { where }),
  });
  return Number((await db.one(query)).n);
}

/** A DuckDB list of file paths, as the read_* functions take them. */
export const fileList = (files: readonly string[]): SqlPart => sqlt`[${s.list(files.map((f) => s.lit(f)))}]`;

/** Each column cast to its type, under its own name. */
const castColumns = (columns: readonly TypedColumn[]): SqlPart =>
  s.list(columns.map((c) => sqlt`${s.cast(s.col(c.name), c.type)} AS ${s.ident(c.name)}`));

/** A relation with the columns and no rows: what an absent dataset reads as. */
export const emptyRelation = (columns: readonly TypedColumn[]): Select =>
  s.select({ items: columns.map((c) => s.item(s.cast(s.lit(null), c.type), c.name)), where: s.lit(false) });

/**
 * read_parquet's options for Hive partition folders (`term=2024S/`): with `partitioned`, each
 * `key=value` folder of a file's path is a column of text (never guessed: `2024` stays `'2024'`,
 * `__HIVE_DEFAULT_PARTITION__` is NULL), cast by the caller to its declared type; without, folder
 * names are not read at all, so a `key=value` folder above the dataset adds no column.
 */
const hiveOptions = (partitioned: boolean): SqlPart =>
  partitioned ? sqlt`hive_partitioning = true, hive_types_autocast = false` : sqlt`hive_partitioning = false`;

/**
 * The columns of every Parquet file under a folder, cast to their types; with `partitioned`, a
 * column may come from the Hive partition folders (cast from the folder's text).
 */
export function parquetRelation(
  folder: string,
  columns: readonly TypedColumn[],
  partitioned = false,
): SqlPart {
  const glob = s.lit(join(folder, '**', '*.parquet'));
  return sqlt`SELECT ${castColumns(columns)} FROM read_parquet(${glob}, ${hiveOptions(partitioned)}, union_by_name = true)`;
}

/** The columns the Parquet files hold (with partition folders, their keys too), by name. */
export async function parquetColumnNames(
  db: DuckDb,
  files: readonly string[],
  partitioned: boolean,
): Promise<string[]> {
  const described = await db.all(
    sqlt`DESCRIBE SELECT * FROM read_parquet(${fileList(files)}, ${hiveOptions(partitioned)}, union_by_name = true)`,
  );
  return described.map((r) => String(r.column_name));
}

export interface CsvDialect {
  readonly delimiter: string;
  readonly quote: string;
  readonly escape: string;
}

interface TextReadOptions {
  /** The table to create: `columns` as VARCHAR, then `rawColumn`. */
  readonly into: string;
  readonly files: readonly string[];
  readonly columns: readonly string[];
  /** VARCHAR: the text of a record that did not parse, NULL for the others. */
  readonly rawColumn: string;
  /** VARCHAR, when given: the path of the file each row was read from, as the reader was handed it. */
  readonly fileColumn?: string;
}

async function createTextTable(db: DuckDb, o: TextReadOptions): Promise<void> {
  const names = [...o.columns, o.rawColumn, ...(o.fileColumn === undefined ? [] : [o.fileColumn])];
  const defs = names.map((c) => sqlt`${s.ident(c)} VARCHAR`);
  await db.run(sqlt`CREATE OR REPLACE TABLE ${s.ident(o.into)} (${s.list(defs)})`);
}

const identList = (names: readonly string[]): SqlPart => s.list(names.map((n) => s.ident(n)));

/**
 * Reads CSV files that are known to parse (header row, every column as VARCHAR, matched by
 * position) into a new table, in file order. As Spark reads CSV, an empty field is NULL and a
 * quoted empty field (`""`) an empty string. Strict on purpose: DuckDB's own recovery from broken
 * records (`store_rejects`) was seen to drop a valid row next to a broken one, so records are
 * screened before they get here and any parse error fails the read. Returns the rows read.
 */
export async function readCsvStrict(
  db: DuckDb,
  o: TextReadOptions & { readonly dialect: CsvDialect },
): Promise<number> {
  await createTextTable(db, o);
  if (o.files.length === 0) return 0;
  const d = o.dialect;
  const types = s.list(o.columns.map((c) => sqlt`${s.lit(c)}: 'VARCHAR'`));
  const withFile = o.fileColumn === undefined ? sqlt`` : sqlt`, filename = true`;
  const source = sqlt`read_csv(${fileList(o.files)}, auto_detect = false, header = true, columns = {${types}}, delim = ${s.lit(d.delimiter)}, quote = ${s.lit(d.quote)}, escape = ${s.lit(d.escape)}, allow_quoted_nulls = false${withFile})`;
  const cols = identList(o.columns);
  if (o.fileColumn === undefined)
    await db.run(sqlt`INSERT INTO ${s.ident(o.into)} (${cols}) SELECT ${cols} FROM ${source}`);
  else
    await db.run(
      sqlt`INSERT INTO ${s.ident(o.into)} (${identList([...o.columns, o.fileColumn])}) SELECT ${cols}, filename FROM ${source}`,
    );
  return countRows(db, o.into);
}

/**
 * Appends rows holding only raw text, read from a JSON-lines file of `{"raw": "…", "reason": "…"}`
 * objects; the reason goes into `reasonColumn` (added to the table if it lacks it), and with
 * `fileColumn` each object's `"file"` into that column.
 */
export async function appendRawRows(
  db: DuckDb,
  o: {
    readonly into: string;
    readonly rawColumn: string;
    readonly reasonColumn: string;
    readonly file: string;
    readonly fileColumn?: string;
  },
): Promise<void> {
  await addTextColumn(db, o.into, o.reasonColumn);
  const source = sqlt`read_json(${s.lit(o.file)}, format = 'newline_delimited', columns = {'raw': 'VARCHAR', 'reason': 'VARCHAR', 'file': 'VARCHAR'})`;
  if (o.fileColumn === undefined) {
    await db.run(
      sqlt`INSERT INTO ${s.ident(o.into)} (${identList([o.rawColumn, o.reasonColumn])}) SELECT raw, reason FROM ${source}`,
    );
    return;
  }
  await db.run(
    sqlt`INSERT INTO ${s.ident(o.into)} (${identList([o.rawColumn, o.reasonColumn, o.fileColumn])}) SELECT raw, reason, file FROM ${source}`,
  );
}

/**
 * Replaces `fileColumn` of a table with the values each file gives: `values` maps a file (as the
 * column holds it) to the text of each of `columns`, cast to the column's type. Raw partition
 * folders become typed columns this way, for parsed and malformed rows alike.
 */
export async function attachFileValues(
  db: DuckDb,
  o: {
    readonly table: string;
    readonly fileColumn: string;
    readonly columns: readonly TypedColumn[];
    readonly values: ReadonlyMap<string, readonly (string | null)[]>;
    /** A scratch JSON-lines file the values are handed to DuckDB in. */
    readonly scratch: string;
  },
): Promise<void> {
  const lines = [...o.values].map(([file, values]) =>
    JSON.stringify(
      Object.fromEntries([['file', file], ...o.columns.map((_, i) => [`v${i}`, values[i] ?? null])]),
    ),
  );
  writeFileSync(o.scratch, `${lines.join('\n')}\n`);
  const types = s.list([
    sqlt`'file': 'VARCHAR'`,
    ...o.columns.map((_, i) => sqlt`${s.lit(`v${i}`)}: 'VARCHAR'`),
  ]);
  const values = sqlt`read_json(${s.lit(o.scratch)}, format = 'newline_delimited', columns = {${types}})`;
  const typed = s.list(
    o.columns.map((c, i) => sqlt`${s.cast(s.col(`v${i}`, 'p'), c.type)} AS ${s.ident(c.name)}`),
  );
  const t = s.ident(o.table);
  await createTable(
    db,
    o.table,
    sqlt`SELECT i.* EXCLUDE (${s.ident(o.fileColumn)}), ${typed} FROM ${t} AS i LEFT JOIN ${values} AS p ON i.${s.ident(o.fileColumn)} = p.file ORDER BY i.rowid`,
  );
}

/** Adds a VARCHAR column (NULL in every row) unless the table has it. */
export async function addTextColumn(db: DuckDb, table: string, column: string): Promise<void> {
  await db.run(sqlt`ALTER TABLE ${s.ident(table)} ADD COLUMN IF NOT EXISTS ${s.ident(column)} VARCHAR`);
}

/**
 * Reads JSON-lines files into a new table: each object's fields by name as text (nested values as
 * their JSON), and a line that is not a JSON object as a row with its raw text. Blank lines are skipped.
 */
export async function readJsonLinesKeepingMalformed(db: DuckDb, o: TextReadOptions): Promise<number> {
  await createTextTable(db, o);
  if (o.files.length === 0) return 0;
  const lines = sqlt`SELECT rtrim(line, chr(13)) AS line, filename FROM (SELECT unnest(string_split(content, chr(10))) AS line, filename FROM read_text(${fileList(o.files)})) WHERE trim(line) <> ''`;
  // json_type fails on text that is not JSON: it only ever sees valid JSON.
  const objects = sqlt`SELECT line, filename, CASE WHEN json_type(CASE WHEN json_valid(line) THEN line END) = 'OBJECT' THEN line END AS obj FROM (${lines})`;
  const fields = o.columns.map(
    (c) => sqlt`json_extract_string(obj, ${s.lit(`$."${c.replaceAll('"', '\\"')}"`)})`,
  );
  const file = o.fileColumn === undefined ? [] : [o.fileColumn];
  const cols = identList([...o.columns, o.rawColumn, ...file]);
  const fileValue = o.fileColumn === undefined ? sqlt`` : sqlt`, filename`;
  await db.run(
    sqlt`INSERT INTO ${s.ident(o.into)} (${cols}) SELECT ${s.list(fields)}, CASE WHEN obj IS NULL THEN line END${fileValue} FROM (${objects})`,
  );
  return countRows(db, o.into);
}

/**
 * Reads Parquet files into a new table, the columns cast to their declared types; `rawColumn` is
 * NULL. With `partitioned`, columns may come from Hive partition folders (see `parquetRelation`).
 */
export async function readParquetInto(
  db: DuckDb,
  o: {
    readonly into: string;
    readonly files: readonly string[];
    readonly columns: readonly TypedColumn[];
    readonly rawColumn: string;
    readonly partitioned?: boolean;
  },
): Promise<number> {
  const raw = { name: o.rawColumn, type: { kind: 'string' } as const };
  if (o.files.length === 0) {
    await createTable(db, o.into, emptyRelation([...o.columns, raw]));
    return 0;
  }
  await createTable(
    db,
    o.into,
    sqlt`SELECT ${castColumns(o.columns)}, CAST(NULL AS VARCHAR) AS ${s.ident(o.rawColumn)} FROM read_parquet(${fileList(o.files)}, ${hiveOptions(o.partitioned ?? false)}, union_by_name = true)`,
  );
  return countRows(db, o.into);
}

/**
 * Writes a query's rows as one CSV file that PostgreSQL's `COPY … (FORMAT csv, HEADER true)` reads
 * back to the same values: a header, `,`, `"` quoting (a quote in a value doubled), NULL as an empty
 * field and the empty string as `""`, dates `yyyy-MM-dd`, timestamps `yyyy-MM-dd HH:mm:ss.ffffff`
 * (DuckDB's TIMESTAMP has no zone), decimals in plain notation, booleans `true`/`false`, UTF-8.
 * The runner writes the same text on Spark (`CSV_EXPORT_OPTIONS`).
 */
export async function writeCsvFile(
  db: DuckDb,
  o: { readonly query: SqlPart; readonly file: string },
): Promise<void> {
  await db.run(
    sqlt`COPY (${o.query}) TO ${s.lit(o.file)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR '', DATEFORMAT '%Y-%m-%d', TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%f')`,
  );
}

/**
 * Writes a query's rows as Snappy Parquet under `folder`, in Hive partition folders when
 * `partitionBy` is given (partition values only in folder names, NULL as
 * `__HIVE_DEFAULT_PARTITION__`, as Spark writes them). File names are new on every write, so
 * writing again adds files and never replaces one.
 */
export async function writeParquet(
  db: DuckDb,
  o: {
    readonly query: SqlPart;
    readonly folder: string;
    readonly partitionBy: readonly string[];
    readonly fileId: string;
  },
): Promise<void> {
  if (o.partitionBy.length === 0) {
    const file = join(o.folder, `part-00000-${o.fileId}.snappy.parquet`);
    await db.run(sqlt`COPY (${o.query}) TO ${s.lit(file)} (FORMAT parquet, COMPRESSION snappy)`);
    return;
  }
  const pattern = s.lit(`part-${o.fileId}-{uuid}`);
  await db.run(
    sqlt`COPY (${o.query}) TO ${s.lit(o.folder)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (${identList(o.partitionBy)}), APPEND, FILENAME_PATTERN ${pattern}, FILE_EXTENSION 'snappy.parquet')`,
  );
}

/** Writes a query's rows as JSON lines, one object per row, NULL fields included. */
export async function writeJsonLines(
  db: DuckDb,
  o: { readonly query: SqlPart; readonly file: string },
): Promise<void> {
  await db.run(sqlt`COPY (${o.query}) TO ${s.lit(o.file)} (FORMAT json)`);
}

/** A DuckDB struct from named expressions (`{'a': x, 'b': y}`). */
export const structOf = (fields: readonly (readonly [name: string, value: SqlPart])[]): SqlPart =>
  sqlt`{${s.list(fields.map(([name, value]) => sqlt`${s.lit(name)}: ${value}`))}}`;

/** Text split on a literal separator into a list; NULL stays NULL. */
export const splitText = (value: SqlPart, separator: string): SqlPart =>
  sqlt`string_split(${value}, ${s.lit(separator)})`;

/** A timestamp as Spark's JSON writer renders it in a UTC session: `2024-01-31T10:00:00.000Z`. */
export const sparkJsonTimestamp = (value: SqlPart): SqlPart =>
  sqlt`strftime(${value}, '%Y-%m-%dT%H:%M:%S.%g') || 'Z'`;

export const EMPTY_TEXT_LIST: SqlPart = sqlt`CAST([] AS VARCHAR[])`;
