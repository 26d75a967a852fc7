/**
 * A CSV file's header checked against the plan's columns, by position and ignoring case, as
 * Spark's `enforceSchema=false` checks it. When it does not conform, the message says what is
 * wrong in the user's terms: the columns missing or extra, the other order, another delimiter, or
 * a file that is not CSV at all.
 */

import type { CsvOptions } from '../../core/index.js';
import { excerpt } from '../../core/index.js';

/** The file's header names other columns than the plan's; Spark's `enforceSchema=false` refuses it too. */
export class CsvHeaderError extends Error {
  override readonly name = 'CsvHeaderError';
}

/** The delimiters a file written by someone else most often has. */
const LIKELY_DELIMITERS = [',', ';', '\t', '|'] as const;

/** The header's names, unquoted. */
export function headerNames(line: string, c: Pick<CsvOptions, 'delimiter' | 'quote'>): string[] {
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

const quoted = (name: string): string => JSON.stringify(excerpt(name));
const quotedList = (names: readonly string[]): string => names.map(quoted).join(', ');
const shown = (delimiter: string): string => (delimiter === '\t' ? 'tab' : `'${delimiter}'`);

/** How many of the plan's columns a header names (ignoring case). */
function known(names: readonly string[], columns: readonly string[]): number {
  const wanted = new Set(columns.map((c) => c.toLowerCase()));
  return names.filter((n) => wanted.has(n.toLowerCase())).length;
}

const looksDelimited = (found: string, options: Pick<CsvOptions, 'delimiter'>): string =>
  `the file looks ${shown(found)}-delimited; the dataset's CSV classifier expects ${shown(options.delimiter)}`;

/**
 * For a header read as one column when no schema says what to expect: the likely delimiter it
 * holds instead, as messages show it (`';'`, `tab`); undefined when it holds none of them.
 */
export function otherDelimiter(line: string, options: CsvOptions): string | undefined {
  if (headerNames(line, options).length > 1) return undefined;
  const found = LIKELY_DELIMITERS.find(
    (d) => d !== options.delimiter && headerNames(line, { ...options, delimiter: d }).length > 1,
  );
  return found === undefined ? undefined : shown(found);
}

/** What is wrong with a header that does not conform; undefined when it conforms. */
export function headerProblem(
  line: string,
  columns: readonly string[],
  options: CsvOptions,
): string | undefined {
  const names = headerNames(line, options);
  const lower = (s: string) => s.toLowerCase();
  if (names.length === columns.length && names.every((n, i) => lower(n) === lower(columns[i]!)))
    return undefined;
  const expected = `(expected: ${columns.join(', ')})`;

  const start = line.trimStart()[0];
  if ((start === '{' || start === '[') && known(names, columns) === 0)
    return `the file looks like JSON, not CSV with a header row ${expected}; it begins: ${excerpt(line)}`;
  const other = LIKELY_DELIMITERS.filter((d) => d !== options.delimiter)
    .map((d) => ({ d, matched: known(headerNames(line, { ...options, delimiter: d }), columns) }))
    .sort((a, b) => b.matched - a.matched)[0];
  if (other !== undefined && other.matched > known(names, columns) && other.matched >= columns.length / 2) {
    return `${looksDelimited(other.d, options)} ${expected}`;
  }

  const inHeader = new Set(names.map(lower));
  const inSchema = new Set(columns.map(lower));
  const missing = columns.filter((c) => !inHeader.has(lower(c)));
  const extra = names.filter((n) => !inSchema.has(lower(n)));
  const twice = [...new Set(names.filter((n, i) => names.findIndex((m) => lower(m) === lower(n)) !== i))];
  const parts: string[] = [];
  if (missing.length > 0)
    parts.push(`header has no column${missing.length === 1 ? '' : 's'} ${quotedList(missing)} ${expected}`);
  if (extra.length > 0) parts.push(`extra column${extra.length === 1 ? '' : 's'} ${quotedList(extra)}`);
  if (twice.length > 0) parts.push(`column${twice.length === 1 ? '' : 's'} ${quotedList(twice)} named twice`);
  if (parts.length > 0) return parts.join('; ');
  // The same names in another order: Spark matches CSV columns by position, so this is refused too.
  const at = names.findIndex((n, i) => lower(n) !== lower(columns[i]!));
  return `header has the columns in another order: column ${at + 1} is ${quoted(names[at]!)} where ${quoted(columns[at]!)} is expected ${expected}`;
}

/** Throws CsvHeaderError naming the file when the header does not conform. */
export function checkHeader(
  line: string,
  columns: readonly string[],
  options: CsvOptions,
  file: string,
): void {
  const problem = headerProblem(line, columns, options);
  if (problem !== undefined) throw new CsvHeaderError(`${file}: ${problem}`);
}
