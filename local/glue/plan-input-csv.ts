/**
 * Screens a CSV file before the engine parses it: finds the record boundaries (RFC 4180, quoted
 * fields may span lines), keeps the records with the expected number of fields, and takes every
 * other line out as a malformed line with its text. A quote that never closes would otherwise
 * swallow the lines after it, as far as the next quote: here the record is tried across lines and,
 * when it does not come out whole, only its first line is malformed and reading resumes on the next.
 * The engine then parses only records known to be whole, so nothing is lost to its error recovery.
 */
import { isUtf8 } from 'node:buffer';
import type { CsvOptions } from '../../core/index.js';
import { checkHeader } from './plan-input-csv-header.js';

export { CsvHeaderError } from './plan-input-csv-header.js';

/** A line taken out: its text, and why when the reason is more than "malformed". */
export interface MalformedLine {
  readonly raw: string;
  /** The quarantine reason (`malformed: …`); null when the record is just not well formed. */
  readonly reason: string | null;
}

export interface CsvScreen {
  /** Records that parse with the expected number of fields. */
  readonly records: number;
  /** The lines that do not. */
  readonly malformed: readonly MalformedLine[];
  /**
   * The header and the whole records, when lines had to be taken out (malformed or blank lines,
   * mixed line endings); null when the file can be parsed as it is.
   */
  readonly clean: Buffer | null;
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

/** recordEnd: the record is not whole. */
const NOT_WHOLE = -1;
/** recordEnd: the record runs past MAX_RECORD_BYTES. */
const TOO_LONG = -2;

/**
 * The end of the record starting at `start` (after its line break); NOT_WHOLE when it is not
 * whole, TOO_LONG when it is longer than the engine parses.
 */
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
      return count === fields ? i + 1 : NOT_WHOLE;
    } else if (ch === c.quote && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (closed) {
      // After a closing quote only blanks may come before the delimiter.
      if (ch !== SPACE && ch !== TAB && !(ch === CR && buf[i + 1] === NL)) return NOT_WHOLE;
    } else if (!(ch === CR && buf[i + 1] === NL)) {
      atFieldStart = false;
    }
    i++;
  }
  if (i < buf.length) return TOO_LONG;
  if (quoted) return NOT_WHOLE;
  return count === fields ? buf.length : NOT_WHOLE;
}

function lineEnd(buf: Buffer, start: number): number {
  const nl = buf.indexOf(NL, start);
  return nl < 0 ? buf.length : nl + 1;
}

const text = (buf: Buffer, start: number, end: number): string =>
  buf.toString('utf8', start, end).replace(/\r?\n$/, '');

/** The second byte's range after a lead byte, where it is narrower than 80–BF (RFC 3629). */
const SECOND: Readonly<Record<number, readonly [number, number]>> = {
  224: [0xa0, 0xbf],
  237: [0x80, 0x9f],
  240: [0x90, 0xbf],
  244: [0x80, 0x8f],
};

/** The offset of the first byte in [start, end) that does not begin a valid UTF-8 sequence; -1 if none. */
export function firstInvalidUtf8(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i]!;
    const extra =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (extra < 0 || i + extra >= end) return i;
    const [lo, hi] = SECOND[b] ?? [0x80, 0xbf];
    for (let k = 1; k <= extra; k++) {
      const next = buf[i + k]!;
      if (k === 1 ? next < lo || next > hi : next < 0x80 || next > 0xbf) return i;
    }
    i += extra + 1;
  }
  return -1;
}

const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;

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
  const malformed: MalformedLine[] = [];
  // Checking the whole file first keeps the common case, valid UTF-8, to one pass.
  const utf8 = isUtf8(buf);
  const lines = lineCounter(buf);
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
    const end = blank ? NOT_WHOLE : recordEnd(buf, pos, columns.length, codes);
    const invalid = end >= 0 && !utf8 ? firstInvalidUtf8(buf, pos, end) : -1;
    if (end >= 0 && invalid < 0) {
      records++;
      if (buf[end - 1] === NL) buf[end - 2] === CR ? crlf++ : lf++;
      pos = end;
      continue;
    }
    // A record with an invalid byte is taken out whole; otherwise only its first line.
    const next = invalid >= 0 ? end : lineEnd(buf, pos);
    const raw = text(buf, pos, next);
    if (invalid >= 0) {
      const reason = `malformed: invalid UTF-8 at byte offset ${invalid.toLocaleString('en-US')} (line ${lines(invalid)})`;
      malformed.push({ raw, reason });
    } else if (end === TOO_LONG) {
      const reason = `malformed: record exceeds the 2 MB record limit (${bytes(Buffer.byteLength(raw))})`;
      malformed.push({ raw, reason });
    } else if (!blank) malformed.push({ raw, reason: null });
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

/** The line number (from 1) of a byte offset; asked for increasing offsets, it counts each line once. */
function lineCounter(buf: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
    }
    for (let nl = buf.indexOf(NL, at); nl >= 0 && nl < offset; nl = buf.indexOf(NL, nl + 1)) line++;
    at = offset;
    return line;
  };
}

/** One line ending throughout (the engine reads a file with one kind of line break). */
function normalized(parts: readonly Buffer[]): Buffer {
  return Buffer.from(Buffer.concat(parts).toString('utf8').replace(/\r\n/g, '\n'));
}
