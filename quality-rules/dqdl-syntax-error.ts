/**
 * DQDL text that does not parse. The message leads with the position so editors and the CLI can
 * point at it: `line 3, column 27: expected "and" after the lower bound of between, found "]"`.
 */
export class DqdlSyntaxError extends Error {
  override readonly name = 'DqdlSyntaxError';
  constructor(
    /** 1-based. */
    readonly line: number,
    /** 1-based, in UTF-16 code units. */
    readonly column: number,
    /** The message without the position. */
    readonly detail: string,
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
  }
}
