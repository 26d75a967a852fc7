/**
 * The SQL a ruleset carries (`where "<predicate>"`, `CustomSql "<statement>"`) is Spark SQL. The
 * local engine runs it on DuckDB, whose grammar is close for the common subset; what differs at
 * the level of tokens is translated here: Spark's `"…"` is a string (DuckDB's is an identifier),
 * `` `…` `` is a quoted identifier, backslash escapes in strings are Spark's. Functions and
 * anything else pass through as written (README: "Spark SQL in rules").
 *
 * The text becomes a `raw` IR node: fragments of DuckDB text with table references between them,
 * so `primary` in a CustomSql statement is rendered as the evaluated table.
 */
import { type Expr, quoteIdent, sql as s, stringLiteral, type TableName } from '../../core/index.js';
import { RulePlanError } from './leaf-plan.js';

/** Spark's string escapes (`unescapeSQLString`): `\n`, `\t`, … ; any other escaped character is itself. */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\u0000',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\u001a',
  '%': '\\%',
  _: '\\_',
};

// The text is DuckDB's: tokens re-quoted as the duckdb dialect quotes them.
const duckString = (value: string): string => stringLiteral(value, 'duckdb');
const duckIdent = (name: string): string => quoteIdent(name, 'duckdb');

/** Reads a quoted token starting at `start`; returns its value and the index after it. */
function readQuoted(text: string, start: number, quote: string, backslashEscapes: boolean) {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (backslashEscapes && c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      value += ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    if (c === quote) {
      if (!backslashEscapes && text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
  throw new RulePlanError(`unterminated ${quote} in the SQL text: ${text}`);
}

const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_$]/;

/**
 * Spark SQL text → a raw IR node of DuckDB text. With `primary`, the bare word `primary` (not
 * after a `.`) becomes a reference to that table, as Glue binds it to the evaluated dataset.
 * Refuses a second statement (`;`) and unbalanced parentheses, which would escape the node's
 * parentheses.
 */
export function sparkSqlText(text: string, primary?: TableName): Expr {
  const fragments: string[] = [];
  const args: TableName[] = [];
  let out = '';
  let depth = 0;
  let previous = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const { value, end } = readQuoted(text, i, c, true);
      out += duckString(value);
      previous = "'";
      i = end;
    } else if (c === '`') {
      const { value, end } = readQuoted(text, i, '`', false);
      out += duckIdent(value);
      previous = '`';
      i = end;
    } else if (c === '-' && text[i + 1] === '-') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline;
      out += ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) throw new RulePlanError(`unterminated comment in the SQL text: ${text}`);
      i = close + 2;
      out += ' ';
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < text.length && WORD_CHAR.test(text[j]!)) j++;
      const word = text.slice(i, j);
      if (primary !== undefined && word.toLowerCase() === 'primary' && previous !== '.') {
        fragments.push(out);
        args.push(primary);
        out = '';
      } else {
        out += word;
      }
      previous = 'w';
      i = j;
    } else {
      if (c === ';' && text.slice(i + 1).trim() !== '')
        throw new RulePlanError(`the SQL text holds more than one statement: ${text}`);
      if (c === ';') break;
      if (c === '(') depth++;
      if (c === ')' && --depth < 0) throw new RulePlanError(`unbalanced ")" in the SQL text: ${text}`);
      out += c;
      if (!/\s/.test(c)) previous = c;
      i++;
    }
  }
  if (depth !== 0) throw new RulePlanError(`unbalanced "(" in the SQL text: ${text}`);
  if (out.trim() === '' && args.length === 0) throw new RulePlanError('the SQL text is empty');
  fragments.push(out);
  return s.raw(fragments, ...args);
}
