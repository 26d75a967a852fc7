import { describe, expect, it } from 'vitest';
import { formatNumber, quoteString } from '../../quality-rules/index.js';
import { tokenize } from '../../quality-rules/tokenize.js';

describe('quoteString and the lexer agree on every string', () => {
  const cases: [string, string, string][] = [
    ['plain', 'abc', '"abc"'],
    ['empty', '', '""'],
    ['double quote', 'a"b', '"a\\"b"'],
    ['regex backslashes stay single', '\\d+\\.csv$', '"\\d+\\.csv$"'],
    ['backslash before a quote', '\\"', '"\\\\\\""'],
    ['two backslashes', '\\\\', '"\\\\\\\\"'],
    ['trailing backslash', 'dir\\', '"dir\\\\"'],
    ['single quotes need nothing', "it's", `"it's"`],
    ['line break kept as is', 'a\nb', '"a\nb"'],
  ];
  it.each(cases)('%s', (_name, value, quoted) => {
    expect(quoteString(value)).toBe(quoted);
    const [token] = tokenize(quoted).tokens;
    expect(token?.kind).toBe('string');
    expect(token?.value).toBe(value);
    expect(token?.text).toBe(quoted);
  });
});

describe('formatNumber writes plain decimals that read back to the same number', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [0.9, '0.9'],
    [-12.5, '-12.5'],
    [100, '100'],
    [1e-7, '0.0000001'],
    [-2.5e-8, '-0.000000025'],
    [1.5e21, '1500000000000000000000'],
    [123456.789, '123456.789'],
  ];
  it.each(cases)('%d → %s', (value, expected) => {
    const written = formatNumber(value);
    expect(written).toBe(expected);
    expect(Number(written)).toBe(value);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (value) => {
    expect(() => formatNumber(value)).toThrow(/no literal/);
  });
});

describe('tokenize', () => {
  it('gives every token its line and column, across comments and multi-line strings', () => {
    const { tokens } = tokenize('Rules = [ # note\n  CustomSql "a\nb" >= -1.5 ]');
    expect(tokens.map((t) => [t.kind, t.text, t.line, t.column])).toStrictEqual([
      ['word', 'Rules', 1, 1],
      ['punct', '=', 1, 7],
      ['punct', '[', 1, 9],
      ['word', 'CustomSql', 2, 3],
      ['string', '"a\nb"', 2, 13],
      ['punct', '>=', 3, 4],
      ['punct', '-', 3, 7],
      ['number', '1.5', 3, 8],
      ['punct', ']', 3, 12],
      ['eof', '', 3, 13],
    ]);
  });

  it('keeps the comments before the first token as the header, without "# "', () => {
    expect(
      tokenize('# first\n#second\n#\n\n# fourth\r\nRules # not header\n# nor this').header,
    ).toStrictEqual(['first', 'second', '', 'fourth']);
  });

  it('reads $name as a constant reference and words with dots as one word', () => {
    const { tokens } = tokenize('$my_list reference.zipcode');
    expect(tokens.slice(0, 2).map((t) => [t.kind, t.value])).toStrictEqual([
      ['variable', 'my_list'],
      ['word', 'reference.zipcode'],
    ]);
  });
});
