/**
 * DQDL literals: double-quoted strings and plain decimal numbers. Both are written so the lexer
 * reads back exactly the value that was written.
 */

/**
 * Quotes a string for DQDL. Only `"` and a backslash that would otherwise start an escape (one
 * followed by `\`, by `"`, or closing the string) are escaped; every other backslash is written
 * as is, so `\d+` stays `"\d+"`.
 */
export function quoteString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const next = value[i + 1];
    if (c === '"') out += '\\"';
    else if (c === '\\' && (next === undefined || next === '\\' || next === '"')) out += '\\\\';
    else out += c;
  }
  return `${out}"`;
}

/** DQDL numbers have no exponent, so `1e-7` is written `0.0000001`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`DQDL has no literal for the number ${value}`);
  const plain = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(plain);
  if (match === null) return plain;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Bare words DQDL accepts where an identifier is expected (tag names, constant names). */
export const WORD = /^[A-Za-z_][A-Za-z0-9_.]*$/;
