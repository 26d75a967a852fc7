/**
 * The patterns PII detection compiles to. They keep to what Java regex (Spark's RLIKE and
 * regexp_replace) and RE2 (DuckDB) both read the same way: character classes, counted
 * repetition, groups and alternation; no look-around, back-references, `\b` or possessive forms,
 * and no backslash at all, so no dialect's literal escaping can change them.
 *
 * They are deliberately simpler than Glue's managed detector (see README): no checksum (Luhn) on
 * card numbers, no context words, US-style phone numbers. Where they are wrong they tend to match
 * too much, which in a redaction step errs on the safe side.
 */
import type { PiiAction, PiiEntity } from '../model/pii.js';

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';

export const PII_PATTERNS: Readonly<Record<PiiEntity, string>> = {
  EMAIL: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}',
  // Visa/Mastercard/Discover 16 digits in groups of four, or Amex 4-6-5; spaces or dashes optional.
  CREDIT_CARD: '([0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}|3[47][0-9]{2}[ -]?[0-9]{6}[ -]?[0-9]{5})',
  USA_SSN: '[0-9]{3}-[0-9]{2}-[0-9]{4}',
  PHONE_NUMBER: '([+]?1[ .-]?)?([(][0-9]{3}[)]|[0-9]{3})[ .-]?[0-9]{3}[ .-]?[0-9]{4}',
  IP_ADDRESS: `${OCTET}([.]${OCTET}){3}`,
};

/**
 * The order entities are applied in free text: a card number contains what looks like a phone
 * number and an SSN-shaped run of digits, so the longer shapes go first and are gone before the
 * shorter ones are looked for.
 */
export const PII_TEXT_ORDER: readonly PiiEntity[] = [
  'EMAIL',
  'CREDIT_CARD',
  'USA_SSN',
  'PHONE_NUMBER',
  'IP_ADDRESS',
];

/** For a column holding one of several entities, a value matching none gets the most protective action. */
export const PROTECTIVENESS: readonly PiiAction[] = ['REDACT', 'SHA256_HASH', 'PARTIAL_REDACT', 'DETECT'];
