/**
 * Screens a CSV file before the engine parses it: finds the record boundaries (RFC 4180, quoted
 * fields may span lines), keeps the records with the expected number of fields, and takes every
 * other line out as a malformed line with its text. A quote that never closes would otherwise
 * swallow the lines after it, as far as the next quote: here the record is tried across lines and,
 * when it does not come out whole, only its first line is malformed and reading resumes on the next.
 * The engine then parses only records known to be whole, so nothing is lost to its error recovery.
 */
import type { CsvOptions } from '../../glue-scripts/index.js';

export interface CsvScreen {
  /** Records that parse with the expected number of fields. */
  readonly records: number;
  /** The lines that do not, as text. */
  readonly malformed: readonly string[];
  /**
   * The header and the whole records, when lines had to be taken out (malformed or blank lines,
   * mixed line endings); null when the file can be parsed as it is.
   */
  readonly clean: Buffer | null;
}

/** The file's header names other columns than the plan's; Spark's `enforceSchema=false` refuses it too. */
export class CsvHeaderError extends Error {
  override readonly name = 'CsvHeaderError';
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
/** DuckDB's default max_line_size: a longer record could not be parsed, so it is not tried. */
const MAX_RECORD_BYTES = 2_000_000;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function code(char: string, what: string): number {
  if (Buffer.byteLength(char) !== 1)
    throw new Error(`the CSV ${what} must be one ASCII character, not ${JSON.stringify(char)}`);
  return char.charCodeAt(0);
}

interface Codes {
  readonly delimiter: number;
  readonly quote: number;
  readonly escape: number;
}

/** The end of the record starting at `start` (after its line break), or -1 when it is not whole. */
function recordEnd(buf: Buffer, start: number, fields: number, c: Codes): number {
  const limit = Math.min(buf.length, start + MAX_RECORD_BYTES);
  let count = 1;
  let quoted = false;
  let atFieldStart = true;
  let closed = false;
  let i = start;
  while (i < limit) {
    const ch = buf[i]!;
    if (quoted) {
      if (ch === c.escape && c.escape !== c.quote) i++;
      else if (ch === c.quote) {
        if (c.escape === c.quote && buf[i + 1] === c.quote) i++;
        else {
          quoted = false;
          closed = true;
        }
      }
    } else if (ch === c.delimiter) {
      count++;
      atFieldStart = true;
      closed = false;
    } else if (ch === NL) {
      return count === fields ? i + 1 : -1;
    } else if (ch === c.quote && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (closed) {
      // After a closing quote only blanks may come before the delimiter.
      if (ch !== SPACE && ch !== TAB && !(ch === CR && buf[i + 1] === NL)) return -1;
    } else if (!(ch === CR && buf[i + 1] === NL)) {
      atFieldStart = false;
    }
    i++;
  }
  if (i < buf.length || quoted) return -1;
  return count === fields ? buf.length : -1;
}

function lineEnd(buf: Buffer, start: number): number {
  const nl = buf.indexOf(NL, start);
  return nl < 0 ? buf.length : nl + 1;
}

const text = (buf: Buffer, start: number, end: number): string =>
  buf.toString('utf8', start, end).replace(/\r?\n$/, '');

/** The header's names, unquoted. */
function headerNames(line: string, c: CsvOptions): string[] {
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === c.quote && line[i + 1] === c.quote) {
        current += ch;
        i++;
      } else if (ch === c.quote) quoted = false;
      else current += ch;
    } else if (ch === c.quote && current === '') quoted = true;
    else if (ch === c.delimiter) {
      names.push(current);
      current = '';
    } else current += ch;
  }
  names.push(current);
  return names;
}

/** Checks the header against the plan's columns (by position, ignoring case, as Spark does). */
function checkHeader(line: string, columns: readonly string[], options: CsvOptions, file: string): void {
  const names = headerNames(line, options);
  const same =
    names.length === columns.length && names.every((n, i) => n.toLowerCase() === columns[i]!.toLowerCase());
  if (!same) {
    throw new CsvHeaderError(
      `CSV header does not conform to the schema.\n Header: ${names.join(', ')}\n Schema: ${columns.join(', ')}\nCSV file: ${file}`,
    );
  }
}

export function screenCsv(
  buf: Buffer,
  columns: readonly string[],
  options: CsvOptions,
  file: string,
): CsvScreen {
  const codes: Codes = {
    delimiter: code(options.delimiter, 'delimiter'),
    quote: code(options.quote, 'quote'),
    escape: code(options.escape, 'escape'),
  };
  const begin = buf.subarray(0, 3).equals(BOM) ? 3 : 0;
  if (buf.length === begin) return { records: 0, malformed: [], clean: null };
  const headerEnd = lineEnd(buf, begin);
  checkHeader(text(buf, begin, headerEnd), columns, options, file);

  const keep: Buffer[] = [buf.subarray(0, headerEnd)];
  const malformed: string[] = [];
  let records = 0;
  let crlf = 0;
  let lf = 0;
  let cut = false;
  let runStart = headerEnd;
  let pos = headerEnd;
  const closeRun = (at: number) => {
    if (at > runStart) keep.push(buf.subarray(runStart, at));
  };
  while (pos < buf.length) {
    const blank = buf[pos] === NL || (buf[pos] === CR && buf[pos + 1] === NL);
    const end = blank ? -1 : recordEnd(buf, pos, columns.length, codes);
    if (end >= 0) {
      records++;
      if (buf[end - 1] === NL) buf[end - 2] === CR ? crlf++ : lf++;
      pos = end;
      continue;
    }
    const next = lineEnd(buf, pos);
    if (!blank) malformed.push(text(buf, pos, next));
    closeRun(pos);
    cut = true;
    pos = next;
    runStart = next;
  }
  closeRun(buf.length);
  if (crlf > 0 && lf > 0) return { records, malformed, clean: normalized(keep) };
  if (!cut) return { records, malformed, clean: null };
  const last = keep.at(-1)!;
  if (last.length > 0 && last[last.length - 1] !== NL) keep.push(Buffer.from('\n'));
  return { records, malformed, clean: Buffer.concat(keep) };
}

/** One line ending throughout (the engine reads a file with one kind of line break). */
function normalized(parts: readonly Buffer[]): Buffer {
  return Buffer.from(Buffer.concat(parts).toString('utf8').replace(/\r\n/g, '\n'));
}
