/**
 * Which classifier claims a file, and its schema. Glue offers a file to the crawler's custom
 * classifiers in their order, then to the built-in ones; the first that recognizes the data wins.
 * Locally: Parquet is recognized by its magic bytes; a file whose first record is a JSON object is
 * JSON; then the custom CSV classifiers (with their delimiter and quote), then the built-in CSV
 * classifier (comma, pipe, tab, semicolon or Ctrl-A, at least two columns and two rows). A file
 * nothing recognizes is UNKNOWN.
 */
import { open } from 'node:fs/promises';
import type { DuckDb } from '../../engines/duckdb.js';
import { inferCsv } from './crawler-csv.js';
import { type CsvDialect, parseCsvText } from './crawler-csv-parser.js';
import type { FileSchema } from './crawler-file-schema.js';
import { inferJson, looksLikeJsonLines } from './crawler-json.js';
import { inferParquet, PARQUET_MAGIC } from './crawler-parquet.js';
import type { CsvClassifierInput } from './crawler-types.js';

/** How much of a file the classifiers look at to decide whether they recognize it. */
const HEAD_BYTES = 64 * 1024;
/** How many records of the head the CSV classifiers check for a consistent width. */
const SAMPLE_RECORDS = 100;
const BUILT_IN_DELIMITERS = [',', '|', '\t', ';', '\u0001'] as const;

/** A file the crawl could not read; the crawl logs it, leaves it out and carries on. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
}

export interface Classified {
  readonly schema: FileSchema;
  /** The custom classifier that claimed the file, if one did. */
  readonly classifier?: string;
}

async function head(path: string): Promise<{ bytes: Buffer; complete: boolean }> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return { bytes: buffer.subarray(0, bytesRead), complete: bytesRead < HEAD_BYTES };
  } finally {
    await file.close();
  }
}

/** The width of the sampled records, if they agree on one (most of them: broken rows are data too). */
function consistentWidth(
  text: string,
  dialect: CsvDialect,
  complete: boolean,
): { width: number; rows: number } {
  const records = parseCsvText(text, dialect, complete).slice(0, SAMPLE_RECORDS);
  const width = records[0]?.fields.length ?? 0;
  const agreeing = records.filter((r) => r.fields.length === width).length;
  return agreeing * 2 > records.length ? { width, rows: records.length } : { width: 0, rows: records.length };
}

export interface ClassifyOptions {
  /** The crawler's custom CSV classifiers, in the crawler's order. */
  readonly classifiers: readonly CsvClassifierInput[];
  /** Opens the crawl's DuckDB when the first Parquet file needs it. */
  readonly duckdb: () => Promise<DuckDb>;
  readonly signal?: AbortSignal;
}

export async function classifyFile(path: string, options: ClassifyOptions): Promise<Classified> {
  try {
    const { bytes, complete } = await head(path);
    if (bytes.subarray(0, 4).toString('latin1') === PARQUET_MAGIC) {
      return { schema: await inferParquet(await options.duckdb(), path) };
    }
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      throw new UnreadableFileError('compressed (gzip) files are not read by the local crawler');
    }
    const unknown: Classified = {
      schema: { format: { kind: 'unknown' }, columns: [], records: 0, malformed: 0 },
    };
    if (bytes.includes(0)) return unknown;
    const text = bytes.toString('utf8');
    if (looksLikeJsonLines(text)) return { schema: await inferJson(path, options.signal) };

    for (const classifier of options.classifiers) {
      const dialect = { delimiter: classifier.Delimiter ?? ',', quote: classifier.QuoteSymbol ?? '"' };
      const { width, rows } = consistentWidth(text, dialect, complete);
      const minimum = classifier.AllowSingleColumn === true ? 1 : 2;
      if (width >= minimum && rows >= 1) {
        return {
          schema: await inferCsv(path, { dialect, classifier }, options.signal),
          classifier: classifier.Name,
        };
      }
    }
    let best: { dialect: CsvDialect; width: number } | undefined;
    for (const delimiter of BUILT_IN_DELIMITERS) {
      const dialect = { delimiter, quote: '"' };
      const { width, rows } = consistentWidth(text, dialect, complete);
      if (width >= 2 && rows >= 2 && (best === undefined || width > best.width)) best = { dialect, width };
    }
    if (best !== undefined)
      return { schema: await inferCsv(path, { dialect: best.dialect }, options.signal) };
    return unknown;
  } catch (error) {
    if (error instanceof UnreadableFileError || options.signal?.aborted === true) throw error;
    throw new UnreadableFileError((error as Error).message, { cause: error });
  }
}
