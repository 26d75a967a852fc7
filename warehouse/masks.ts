/**
 * What a masked role reads instead of a column. One expression per mask kind, used as the body
 * of a Redshift masking policy and as the column of a PostgreSQL masking view, so both
 * warehouses show the same masked values. The result is cast back to the column's type: Redshift
 * requires a masking policy's output type to equal its input type (so a masked address longer
 * than its column, `a@b.io` → `a***@b.io` in a VARCHAR(6), is cut to the column's length).
 */
import { type DataType, describeType, type Expr, type MaskKind, sql as s } from '../core/index.js';

/** Characters a partial mask leaves readable at the end (a phone's or an SSN's last four). */
export const PARTIAL_KEEP_LAST = 4;
export const FULL_MASK_TEXT = 'XXXX';
const MASK_CHAR = 'X';
/** What an email mask shows in place of the local part but its first character. */
export const EMAIL_HIDDEN = '***';

const branch = (when: Expr, then: Expr) => ({ when, then });

export class MaskTypeError extends Error {
  override readonly name = 'MaskTypeError';
}

export function maskExpression(kind: MaskKind, value: Expr, type: DataType): Expr {
  const asColumnType = (e: Expr) => s.cast(e, type);
  if (type.kind !== 'string') {
    // A date or a number cannot hold 'XXXX': a fully masked non-text value reads as NULL.
    if (kind === 'full') return asColumnType(s.lit(null));
    throw new MaskTypeError(`a ${kind} mask needs a text column, not ${describeType(type)}`);
  }
  switch (kind) {
    case 'full':
      return asColumnType(s.caseWhen([branch(s.isNull(value), s.lit(null))], s.lit(FULL_MASK_TEXT)));
    case 'partial': {
      const length = s.call('length', value);
      const kept = s.binary(
        '||',
        s.call('repeat', s.lit(MASK_CHAR), s.binary('-', length, s.lit(PARTIAL_KEEP_LAST))),
        s.call('right', value, s.lit(PARTIAL_KEEP_LAST)),
      );
      // A value no longer than what would be kept is masked whole, or the mask would show it all.
      return asColumnType(
        s.caseWhen(
          [branch(s.binary('>', length, s.lit(PARTIAL_KEEP_LAST)), kept)],
          s.call('repeat', s.lit(MASK_CHAR), length),
        ),
      );
    }
    case 'email': {
      // `john.doe@example.com` → `j***@example.com`: the local part's first character, the domain
      // as it is. STRPOS, LEFT, RIGHT and LENGTH count characters in both warehouses.
      const at = s.call('strpos', value, s.lit('@'));
      const domain = s.call(
        'right',
        value,
        s.binary('+', s.binary('-', s.call('length', value), at), s.lit(1)),
      );
      const hidden = s.lit(EMAIL_HIDDEN);
      return asColumnType(
        s.caseWhen(
          [
            branch(s.isNull(value), s.lit(null)),
            // Not an address: nothing of it is shown.
            branch(s.eq(at, s.lit(0)), hidden),
            // No local part to show a character of.
            branch(s.eq(at, s.lit(1)), s.binary('||', hidden, value)),
          ],
          s.binary('||', s.binary('||', s.call('left', value, s.lit(1)), hidden), domain),
        ),
      );
    }
    case 'hash':
      // 64 hex characters; a shorter column keeps the leading part of the hash (still one-way).
      return asColumnType(s.call('sha256', value));
  }
}
