/**
 * The parser's position in the token list, plus what the document has declared so far (constants
 * and default labels), which later rules are checked against.
 */
import { DqdlSyntaxError } from './dqdl-syntax-error.js';
import type { Token } from './tokenize.js';

/** How a token is named in messages: `"]"`, `"between"`, `the string "abc"`, `end of input`. */
export function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'string': {
      const shown = token.text.length > 32 ? `${token.text.slice(0, 29)}…"` : token.text;
      return `the string ${shown}`;
    }
    default:
      return `"${token.text}"`;
  }
}

export class TokenCursor {
  private index = 0;
  /** Constants declared so far: `$name` may only refer to these. */
  readonly constants = new Set<string>();
  /** The constants that hold a list (`allowed = ["a", "b"]`), which only `in $name` takes. */
  readonly listConstants = new Set<string>();
  defaultLabels: Readonly<Record<string, string>> = {};

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  atWord(...words: string[]): boolean {
    const t = this.peek();
    return t.kind === 'word' && words.includes(t.text);
  }

  atPunct(...puncts: string[]): boolean {
    const t = this.peek();
    return t.kind === 'punct' && puncts.includes(t.text);
  }

  fail(token: Token, detail: string): never {
    throw new DqdlSyntaxError(token.line, token.column, detail);
  }

  /** Fails with `expected <what> <context>, found <token>`. */
  failExpected(what: string, context = ''): never {
    const token = this.peek();
    return this.fail(
      token,
      `expected ${what}${context === '' ? '' : ` ${context}`}, found ${describe(token)}`,
    );
  }

  expectPunct(punct: string, context = ''): Token {
    if (!this.atPunct(punct)) this.failExpected(`"${punct}"`, context);
    return this.next();
  }

  expectWord(word: string, context = ''): Token {
    if (!this.atWord(word)) this.failExpected(`"${word}"`, context);
    return this.next();
  }
}
