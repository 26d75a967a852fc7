/**
 * Building intrinsic-function strings (`States.Format(...)`) and JSONPath field names safely:
 * text from the model (pipeline and job names, descriptions) is escaped, never pasted raw.
 */

/** A path argument of an intrinsic function (`$.error.Cause`, `$$.Execution.Name`) or a nested call. */
export interface PathRef {
  readonly path: string;
}

export const ref = (path: string): PathRef => {
  if (!path.startsWith('$') && !path.startsWith('States.')) {
    throw new Error(`an intrinsic argument must be a path or an intrinsic call, got "${path}"`);
  }
  return Object.freeze({ path });
};

/** Inside an intrinsic string literal, these four characters must be escaped with a backslash. */
export const escapeIntrinsicText = (text: string): string => text.replace(/[\\'{}]/g, (c) => `\\${c}`);

export type FormatPart = string | PathRef;

/**
 * `States.Format` from literal text and path arguments in reading order:
 * `format(['Run ', ref('$$.Execution.Name'), ' failed'])` → `States.Format('Run {} failed', $$.Execution.Name)`.
 * An argument may itself be an intrinsic call (`States.JsonToString($.x)`), passed as a PathRef.
 */
export function format(parts: readonly FormatPart[]): string {
  const template = parts.map((p) => (typeof p === 'string' ? escapeIntrinsicText(p) : '{}')).join('');
  const args = parts.filter((p): p is PathRef => typeof p !== 'string').map((p) => p.path);
  return `States.Format('${template}'${args.map((a) => `, ${a}`).join('')})`;
}

/** A name usable as a dot-notation JSONPath field: `order-items` → `order_items`. */
export function pathKey(name: string): string {
  const key = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(key) ? key : `_${key}`;
}
