/**
 * DuckDB's own statements for files and relations — read_csv with rejects, read_parquet, read_text,
 * COPY … TO — which the SQL IR of core/sql does not model. Identifiers and types go through the
 * duckdb dialect of core/sql; paths and other engine-supplied values through `duckString`.
 */
import { join } from 'node:path';
import { compilerFor, type DataType } from '../../core/index.js';
import { type DuckDb, duckString } from './duckdb.js';

const duck = compilerFor('duckdb');

export const duckIdent = (name: string): string => duck.quoteIdent(name);
export const duckType = (type: DataType): string => duck.typeName(type);

export interface TypedColumn {
  readonly name: string;
  readonly type: DataType;
}

export async function createView(db: DuckDb, name: string, query: string): Promise<void> {
  await db.run(`CREATE OR REPLACE VIEW ${duckIdent(name)} AS ${query}`);
}

export async function createTable(db: DuckDb, name: string, query: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${duckIdent(name)} AS ${query}`);
}

/** A relation with the columns and no rows: what an absent dataset reads as. */
export function emptyRelation(columns: readonly TypedColumn[]): string {
  const items = columns.map((c) => `CAST(NULL AS ${duckType(c.type)}) AS ${duckIdent(c.name)}`);
  return `SELECT ${items.join(', ')} WHERE FALSE`;
}

/** The columns of every Parquet file under a folder (Hive partition folders included), cast to their types. */
export function parquetRelation(folder: string, columns: readonly TypedColumn[]): string {
  const items = columns.map(
    (c) => `CAST(${duckIdent(c.name)} AS ${duckType(c.type)}) AS ${duckIdent(c.name)}`,
  );
  const glob = duckString(join(folder, '**', '*.parquet'));
  return `SELECT ${items.join(', ')} FROM read_parquet(${glob}, hive_partitioning = true, union_by_name = true)`;
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
}

async function createTextTable(db: DuckDb, o: TextReadOptions): Promise<void> {
  const defs = [...o.columns, o.rawColumn].map((c) => `${duckIdent(c)} VARCHAR`);
  await db.run(`CREATE OR REPLACE TABLE ${duckIdent(o.into)} (${defs.join(', ')})`);
}

async function count(db: DuckDb, query: string): Promise<number> {
  return Number((await db.one(`SELECT count(*) AS n FROM (${query})`)).n);
}

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
  const types = o.columns.map((c) => `${duckString(c)}: 'VARCHAR'`).join(', ');
  const source = `read_csv([${o.files.map(duckString).join(', ')}], auto_detect = false, header = true, columns = {${types}}, delim = ${duckString(d.delimiter)}, quote = ${duckString(d.quote)}, escape = ${duckString(d.escape)}, allow_quoted_nulls = false)`;
  const cols = o.columns.map(duckIdent).join(', ');
  await db.run(`INSERT INTO ${duckIdent(o.into)} (${cols}) SELECT ${cols} FROM ${source}`);
  return count(db, `SELECT 1 FROM ${duckIdent(o.into)}`);
}

/**
 * Appends rows holding only raw text, read from a JSON-lines file of `{"raw": "…", "reason": "…"}`
 * objects; the reason goes into `reasonColumn` (added to the table if it lacks it).
 */
export async function appendRawRows(
  db: DuckDb,
  o: {
    readonly into: string;
    readonly rawColumn: string;
    readonly reasonColumn: string;
    readonly file: string;
  },
): Promise<void> {
  await addTextColumn(db, o.into, o.reasonColumn);
  await db.run(
    `INSERT INTO ${duckIdent(o.into)} (${duckIdent(o.rawColumn)}, ${duckIdent(o.reasonColumn)}) SELECT raw, reason FROM read_json(${duckString(o.file)}, format = 'newline_delimited', columns = {'raw': 'VARCHAR', 'reason': 'VARCHAR'})`,
  );
}

/** Adds a VARCHAR column (NULL in every row) unless the table has it. */
export async function addTextColumn(db: DuckDb, table: string, column: string): Promise<void> {
  await db.run(`ALTER TABLE ${duckIdent(table)} ADD COLUMN IF NOT EXISTS ${duckIdent(column)} VARCHAR`);
}

/**
 * Reads JSON-lines files into a new table: each object's fields by name as text (nested values as
 * their JSON), and a line that is not a JSON object as a row with its raw text. Blank lines are skipped.
 */
export async function readJsonLinesKeepingMalformed(db: DuckDb, o: TextReadOptions): Promise<number> {
  await createTextTable(db, o);
  if (o.files.length === 0) return 0;
  const lines = `SELECT rtrim(line, chr(13)) AS line FROM (SELECT unnest(string_split(content, chr(10))) AS line FROM read_text([${o.files.map(duckString).join(', ')}])) WHERE trim(line) <> ''`;
  // json_type fails on text that is not JSON: it only ever sees valid JSON.
  const objects = `SELECT line, CASE WHEN json_type(CASE WHEN json_valid(line) THEN line END) = 'OBJECT' THEN line END AS obj FROM (${lines})`;
  const fields = o.columns.map(
    (c) => `json_extract_string(obj, ${duckString(`$."${c.replaceAll('"', '\\"')}"`)})`,
  );
  const cols = [...o.columns, o.rawColumn].map(duckIdent).join(', ');
  await db.run(
    `INSERT INTO ${duckIdent(o.into)} (${cols}) SELECT ${fields.join(', ')}, CASE WHEN obj IS NULL THEN line END FROM (${objects})`,
  );
  return count(db, `SELECT 1 FROM ${duckIdent(o.into)}`);
}

/** Reads Parquet files into a new table, the columns cast to their declared types; `rawColumn` is NULL. */
export async function readParquetInto(
  db: DuckDb,
  o: {
    readonly into: string;
    readonly files: readonly string[];
    readonly columns: readonly TypedColumn[];
    readonly rawColumn: string;
  },
): Promise<number> {
  const raw = { name: o.rawColumn, type: { kind: 'string' } as const };
  if (o.files.length === 0) {
    await createTable(db, o.into, emptyRelation([...o.columns, raw]));
    return 0;
  }
  const items = o.columns.map(
    (c) => `CAST(${duckIdent(c.name)} AS ${duckType(c.type)}) AS ${duckIdent(c.name)}`,
  );
  await createTable(
    db,
    o.into,
    `SELECT ${items.join(', ')}, CAST(NULL AS VARCHAR) AS ${duckIdent(o.rawColumn)} FROM read_parquet([${o.files.map(duckString).join(', ')}], union_by_name = true)`,
  );
  return count(db, `SELECT 1 FROM ${duckIdent(o.into)}`);
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
    readonly query: string;
    readonly folder: string;
    readonly partitionBy: readonly string[];
    readonly fileId: string;
  },
): Promise<void> {
  if (o.partitionBy.length === 0) {
    const file = join(o.folder, `part-00000-${o.fileId}.snappy.parquet`);
    await db.run(`COPY (${o.query}) TO ${duckString(file)} (FORMAT parquet, COMPRESSION snappy)`);
    return;
  }
  const by = o.partitionBy.map(duckIdent).join(', ');
  await db.run(
    `COPY (${o.query}) TO ${duckString(o.folder)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (${by}), APPEND, FILENAME_PATTERN ${duckString(`part-${o.fileId}-{uuid}`)}, FILE_EXTENSION 'snappy.parquet')`,
  );
}

/** Writes a query's rows as JSON lines, one object per row, NULL fields included. */
export async function writeJsonLines(
  db: DuckDb,
  o: { readonly query: string; readonly file: string },
): Promise<void> {
  await db.run(`COPY (${o.query}) TO ${duckString(o.file)} (FORMAT json)`);
}

/** A DuckDB struct from named expressions (`{'a': x, 'b': y}`). */
export const structOf = (fields: readonly (readonly [name: string, expr: string])[]): string =>
  `{${fields.map(([name, expr]) => `${duckString(name)}: ${expr}`).join(', ')}}`;

/** Text split on a literal separator into a list; NULL stays NULL. */
export const splitText = (expr: string, separator: string): string =>
  `string_split(${expr}, ${duckString(separator)})`;

/** A timestamp as Spark's JSON writer renders it in a UTC session: `2024-01-31T10:00:00.000Z`. */
export const sparkJsonTimestamp = (expr: string): string =>
  `strftime(${expr}, '%Y-%m-%dT%H:%M:%S.%g') || 'Z'`;

export const EMPTY_TEXT_LIST = 'CAST([] AS VARCHAR[])';
