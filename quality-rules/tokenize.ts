/**
 * The DQDL lexer. Strings are double-quoted; inside them `\"` and `\\` are the only escapes and
 * any other backslash is kept as written, so regular expressions such as `"\d+"` need no doubling.
 * `#` starts a comment to the end of the line; the comments before the first token are kept as
 * the document's header.
 */
import { DqdlSyntaxError } from './dqdl-syntax-error.js';

export type TokenKind = 'string' | 'number' | 'word' | 'variable' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token (for strings, with the quotes). */
  readonly text: string;
  /** Strings: the decoded value; numbers: the value; variables: the name without `$`. */
  readonly value: string | number;
  readonly line: number;
  readonly column: number;
}

export interface Tokens {
  readonly tokens: readonly Token[];
  readonly header: readonly string[];
}

const TWO_CHAR_PUNCT = new Set(['>=', '<=', '!=']);
// Braces and colons belong to no supported section; they are tokens so the parser can say so.
const ONE_CHAR_PUNCT = new Set(['[', ']', '(', ')', ',', '=', '>', '<', '+', '-', '*', '/', '{', '}', ':']);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isWordPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_.]/.test(c);

export function tokenize(source: string): Tokens {
  const tokens: Token[] = [];
  const header: string[] = [];
  let i = 0;
  let line = 1;
  let column = 1;

  const advance = (n = 1): void => {
    for (let k = 0; k < n; k++) {
      if (source[i] === '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      i++;
    }
  };
  const fail = (l: number, c: number, detail: string): never => {
    throw new DqdlSyntaxError(l, c, detail);
  };
  const push = (kind: TokenKind, text: string, value: string | number, l: number, c: number): void => {
    tokens.push(Object.freeze({ kind, text, value, line: l, column: c }));
  };

  while (i < source.length) {
    const ch = source[i]!;
    const start = i;
    const startLine = line;
    const startColumn = column;

    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      advance();
      continue;
    }
    if (ch === '#') {
      const end = source.indexOf('\n', i);
      const comment = source.slice(i + 1, end === -1 ? source.length : end).replace(/\r$/, '');
      if (tokens.length === 0) header.push(comment.startsWith(' ') ? comment.slice(1) : comment);
      advance((end === -1 ? source.length : end) - i);
      continue;
    }
    if (ch === '"') {
      let value = '';
      advance();
      for (;;) {
        const c = source[i];
        if (c === undefined) {
          fail(
            startLine,
            startColumn,
            'unterminated string: expected a closing " before the end of the input',
          );
        }
        if (c === '"') {
          advance();
          break;
        }
        if (c === '\\' && (source[i + 1] === '"' || source[i + 1] === '\\')) {
          value += source[i + 1];
          advance(2);
          continue;
        }
        value += c;
        advance();
      }
      push('string', source.slice(start, i), value, startLine, startColumn);
      continue;
    }
    if (ch === "'") {
      const end = source.indexOf("'", i + 1);
      const newline = source.indexOf('\n', i + 1);
      const closed = end !== -1 && (newline === -1 || end < newline);
      const inner = closed ? source.slice(i + 1, end) : '…';
      fail(
        startLine,
        startColumn,
        `DQDL strings are double-quoted: found '${inner}', write "${inner}" instead`,
      );
    }
    if (isDigit(ch)) {
      let end = i;
      while (isDigit(source[end])) end++;
      if (source[end] === '.' && isDigit(source[end + 1])) {
        end++;
        while (isDigit(source[end])) end++;
      }
      const textOf = source.slice(i, end);
      advance(end - i);
      push('number', textOf, Number(textOf), startLine, startColumn);
      continue;
    }
    if (isWordStart(ch)) {
      let end = i;
      while (isWordPart(source[end])) end++;
      const word = source.slice(i, end);
      advance(end - i);
      push('word', word, word, startLine, startColumn);
      continue;
    }
    if (ch === '$') {
      let end = i + 1;
      if (!isWordStart(source[end])) fail(startLine, startColumn, 'expected a constant name after "$"');
      while (isWordPart(source[end])) end++;
      const name = source.slice(i + 1, end);
      advance(end - i);
      push('variable', `$${name}`, name, startLine, startColumn);
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '//') fail(startLine, startColumn, 'DQDL comments start with "#", not "//"');
    if (TWO_CHAR_PUNCT.has(two)) {
      advance(2);
      push('punct', two, two, startLine, startColumn);
      continue;
    }
    if (ch === '!') fail(startLine, startColumn, 'expected "=" after "!" (DQDL writes "not equal" as !=)');
    if (ONE_CHAR_PUNCT.has(ch)) {
      advance();
      push('punct', ch, ch, startLine, startColumn);
      continue;
    }
    fail(startLine, startColumn, `unexpected character ${JSON.stringify(ch)}`);
  }
  push('eof', '', '', line, column);
  return { tokens, header };
}
