/**
 * `lakeline quality check`: a DQDL ruleset evaluated on data files, with the evaluator the local
 * Glue engine uses. The files are read into one DuckDB table as Glue would read them: CSV screened
 * by the job's reader (its dialect; lines that are not whole records left out and counted), with a
 * header row and types inferred (a blank field of a string column is an empty string, of any
 * other column NULL, as Glue's CSV reader has it), JSON (an array or one object per line) and
 * Parquet; files of several formats are combined by column name.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import {
  CSV_OPTIONS,
  type DataType,
  type DqRuleset,
  type Select,
  type SqlPart,
  sql as s,
  sqlt,
} from '../../core/index.js';
import {
  DqdlSyntaxError,
  evaluatePlan,
  parseRuleset,
  planEvaluation,
  type RuleOutcome,
  score,
} from '../../quality-rules/index.js';
import { countRows, createTable, DuckDb, fileList } from '../engines/index.js';
import { screenCsv } from '../glue/plan-input-csv.js';
import { headerNames, otherDelimiter } from '../glue/plan-input-csv-header.js';

/** A bad invocation: a file that is missing or unreadable, a ruleset that does not parse. */
export class QualityCheckError extends Error {
  override readonly name = 'QualityCheckError';
}

export interface CheckedRule extends RuleOutcome {
  /** For rules with row-level outcomes: how many rows failed the rule. */
  readonly failingRows?: number;
}

export interface QualityCheckReport {
  readonly ruleset: string;
  readonly files: readonly string[];
  readonly rows: number;
  /** CSV lines that are not whole records of the header's width: left out, as a job quarantines them. */
  readonly malformedLines: number;
  /** Data files of zero bytes: left out. */
  readonly emptyFiles: readonly string[];
  /** What else a person should know about how the files were read (a file that looks otherwise delimited). */
  readonly notes: readonly string[];
  /** The share of rules that passed; null for a ruleset without rules. */
  readonly score: number | null;
  readonly rules: readonly CheckedRule[];
}

type Format = 'csv' | 'json' | 'parquet';

const FORMATS: Readonly<Record<string, Format>> = {
  '.csv': 'csv',
  '.json': 'json',
  '.jsonl': 'json',
  '.ndjson': 'json',
  '.parquet': 'parquet',
};

const TABLE = 'data';
/** A null string no CSV field holds, so that blank fields read as empty strings. */
const NO_NULL_STRING = '\u0001lakeline-no-null\u0001';

function formatOf(file: string): Format {
  const format = FORMATS[extname(file).toLowerCase()];
  if (format === undefined)
    throw new QualityCheckError(
      `cannot tell the format of ${file}: name it .csv, .json, .jsonl, .ndjson or .parquet`,
    );
  return format;
}

function requireFile(file: string, what: string): void {
  if (!existsSync(file)) throw new QualityCheckError(`${what} not found: ${file}`);
  if (!statSync(file).isFile()) throw new QualityCheckError(`${what} is not a file: ${file}`);
}

async function readRuleset(file: string): Promise<DqRuleset> {
  requireFile(file, 'ruleset');
  const text = await readFile(file, 'utf8');
  try {
    return parseRuleset(text);
  } catch (e) {
    if (e instanceof DqdlSyntaxError) throw new QualityCheckError(`${file}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** What the CSV screen left out of the files, for the report. */
interface CsvRead {
  /** Lines that are not whole records of the header's width, left out as a job quarantines them. */
  malformed: number;
  /** Files with nothing to read (zero bytes), left out. */
  readonly emptyFiles: string[];
  readonly notes: string[];
}

/**
 * The CSV files screened as the job's reader screens them (plan-input-csv.ts: RFC 4180 records
 * with the header's number of fields, the job's delimiter, quote and escape; a line that is not a
 * whole record is left out and counted) so that one broken line cannot make DuckDB's sniffer read
 * the whole header as one column. Returns the files to parse: the original, or its clean copy.
 */
function screenedCsv(files: readonly string[], scratch: string, read: CsvRead): string[] {
  return files.flatMap((file, i) => {
    const buf = readFileSync(file);
    if (buf.length === 0) {
      read.emptyFiles.push(file);
      return [];
    }
    const text = buf.toString('utf8', 0, Math.min(buf.length, 1 << 20));
    const header = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0]!;
    const names = headerNames(header, CSV_OPTIONS);
    const other = otherDelimiter(header, CSV_OPTIONS);
    if (other !== undefined) {
      const jobs = `'${CSV_OPTIONS.delimiter}'`;
      read.notes.push(
        `${file}: its header is one column; the file looks ${other}-delimited, and ${jobs} is read, as the jobs read it`,
      );
    }
    const screen = screenCsv(buf, names, CSV_OPTIONS, file);
    read.malformed += screen.malformed.length;
    if (screen.clean === null) return [file];
    const clean = join(scratch, `${i}-${basename(file)}`);
    writeFileSync(clean, screen.clean);
    return [clean];
  });
}

/** CSV read twice: once to infer the types, once as text so blanks stay blank; then cast. */
async function csvRelation(db: DuckDb, files: readonly string[]): Promise<SqlPart> {
  const c = CSV_OPTIONS;
  const options = sqlt`header = true, union_by_name = true, delim = ${s.lit(c.delimiter)}, quote = ${s.lit(c.quote)}, escape = ${s.lit(c.escape)}`;
  const inferred = await db.all(sqlt`DESCRIBE SELECT * FROM read_csv(${fileList(files)}, ${options})`);
  const text = sqlt`read_csv(${fileList(files)}, ${options}, all_varchar = true, nullstr = ${s.lit(NO_NULL_STRING)})`;
  const items = inferred.map((col) => {
    const name = s.ident(String(col.column_name));
    const type = String(col.column_type);
    // The type as DuckDB inferred and named it: its own spelling, which the model may lack (lists).
    return type === 'VARCHAR' ? name : sqlt`TRY_CAST(NULLIF(${name}, '') AS ${s.verbatim(type)}) AS ${name}`;
  });
  return sqlt`SELECT ${s.list(items)} FROM ${text}`;
}

async function relationOf(db: DuckDb, format: Format, files: readonly string[]): Promise<SqlPart> {
  switch (format) {
    case 'csv':
      return csvRelation(db, files);
    case 'json':
      return sqlt`SELECT * FROM read_json(${fileList(files)}, union_by_name = true)`;
    case 'parquet':
      return sqlt`SELECT * FROM read_parquet(${fileList(files)}, union_by_name = true)`;
  }
}

/** DuckDB's type names → the model's types; nested values are handled as text. */
function dataTypeOf(duck: string): DataType {
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(duck);
  if (decimal !== null) return { kind: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/.test(duck)) return { kind: 'int' };
  if (/^(BIGINT|HUGEINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(duck)) return { kind: 'bigint' };
  if (/^(DOUBLE|FLOAT|REAL)$/.test(duck)) return { kind: 'double' };
  if (duck === 'BOOLEAN') return { kind: 'boolean' };
  if (duck === 'DATE') return { kind: 'date' };
  if (duck.startsWith('TIMESTAMP')) return { kind: 'timestamp' };
  return { kind: 'string' };
}

async function loadFiles(db: DuckDb, files: readonly string[], scratch: string): Promise<CsvRead> {
  const byFormat = new Map<Format, string[]>();
  for (const file of files) {
    const format = formatOf(file);
    byFormat.set(format, [...(byFormat.get(format) ?? []), file]);
  }
  const read: CsvRead = { malformed: 0, emptyFiles: [], notes: [] };
  const relations: SqlPart[] = [];
  for (const [format, group] of byFormat) {
    try {
      const parse = format === 'csv' ? screenedCsv(group, scratch, read) : group;
      if (parse.length > 0) relations.push(await relationOf(db, format, parse));
    } catch (e) {
      throw new QualityCheckError(`cannot read ${group.join(', ')} as ${format}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  if (relations.length === 0)
    throw new QualityCheckError(`nothing to check: ${files.join(', ')} hold no data (0 bytes)`);
  try {
    const parenthesized = relations.map((r) => sqlt`(${r})`);
    await createTable(db, TABLE, s.list(parenthesized, sqlt` UNION ALL BY NAME `));
  } catch (e) {
    throw new QualityCheckError(`cannot read ${files.join(', ')}: ${(e as Error).message}`, { cause: e });
  }
  return read;
}

const one = (db: DuckDb) => (query: Select) => db.one(query);

export async function checkFiles(
  rulesetFile: string,
  dataFiles: readonly string[],
  options: { readonly now?: Date } = {},
): Promise<QualityCheckReport> {
  const ruleset = await readRuleset(rulesetFile);
  if (dataFiles.length === 0) throw new QualityCheckError('name at least one data file');
  for (const file of dataFiles) {
    requireFile(file, 'data file');
    formatOf(file);
  }
  const db = await DuckDb.open();
  const scratch = mkdtempSync(join(tmpdir(), 'lakeline-quality-'));
  try {
    const read = await loadFiles(db, dataFiles, scratch);
    const described = await db.all(sqlt`DESCRIBE ${s.table(TABLE)}`);
    const columns = described.map((c) => ({
      name: String(c.column_name),
      type: dataTypeOf(String(c.column_type)),
    }));
    const table = s.table(TABLE);
    const plan = planEvaluation(ruleset, { table, columns }, options);
    const outcomes = await evaluatePlan(plan, one(db));
    const rows = await countRows(db, TABLE);
    const failing = new Map<string, number>();
    for (const { rule, passes } of plan.rowLevel) {
      // A row test the engine rejects leaves the count out; the rule's outcome already says why.
      const n = await countRows(db, TABLE, s.not(passes)).catch(() => undefined);
      if (n !== undefined) failing.set(rule, n);
    }
    return {
      ruleset: rulesetFile,
      files: [...dataFiles],
      rows,
      malformedLines: read.malformed,
      emptyFiles: read.emptyFiles,
      notes: read.notes,
      score: score(outcomes),
      rules: outcomes.map((o) => {
        const n = failing.get(o.rule);
        return n === undefined ? o : { ...o, failingRows: n };
      }),
    };
  } finally {
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
