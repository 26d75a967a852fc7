/**
 * Values and conditions: `> 0`, `between 1 and 10`, `not in ["a", NULL]`, `matches "[A-Z]+"`,
 * `<= 24 hours`, `> (now() - 3 days)`, `> avg(last(5)) - 1`.
 */
import type {
  DqArithmeticOp,
  DqComparator,
  DqCondition,
  DqDurationUnit,
  DqOperand,
  DqSizeUnit,
  DqVariableRef,
} from '../core/index.js';
import { describe, type TokenCursor } from './token-cursor.js';
import type { Token } from './tokenize.js';

const COMPARATORS: ReadonlySet<string> = new Set(['=', '!=', '>', '>=', '<', '<=']);
const DURATION_UNITS: ReadonlySet<string> = new Set(['minutes', 'hours', 'days']);
const SIZE_UNITS: ReadonlySet<string> = new Set(['B', 'KB', 'MB', 'GB', 'TB']);
const SINGULAR_UNITS: Readonly<Record<string, string>> = { minute: 'minutes', hour: 'hours', day: 'days' };
const KEYWORD_OPERANDS: Readonly<Record<string, DqOperand>> = {
  NULL: Object.freeze({ kind: 'null' }),
  null: Object.freeze({ kind: 'null' }),
  EMPTY: Object.freeze({ kind: 'empty' }),
  empty: Object.freeze({ kind: 'empty' }),
  WHITESPACES_ONLY: Object.freeze({ kind: 'whitespacesOnly' }),
  whitespaces_only: Object.freeze({ kind: 'whitespacesOnly' }),
};

export const isKeywordOperand = (word: string): boolean => Object.hasOwn(KEYWORD_OPERANDS, word);

/** Whether the next tokens start a condition (`=`, `between`, `not in`, …). */
export function atCondition(cursor: TokenCursor): boolean {
  const t = cursor.peek();
  if (t.kind === 'punct') return COMPARATORS.has(t.text);
  return cursor.atWord('between', 'not', 'in', 'matches');
}

export function variableRef(cursor: TokenCursor, token: Token): DqVariableRef {
  const name = String(token.value);
  if (!cursor.constants.has(name)) {
    cursor.fail(token, `unknown constant $${name}: declare it before Rules, as ${name} = "…"`);
  }
  return Object.freeze({ kind: 'variable', name });
}

function singularUnit(cursor: TokenCursor, unit: Token): void {
  if (unit.kind === 'word' && Object.hasOwn(SINGULAR_UNITS, unit.text)) {
    cursor.fail(
      unit,
      `DQDL duration units are minutes, hours and days: write "${SINGULAR_UNITS[unit.text]}"`,
    );
  }
}

function wholeAmount(cursor: TokenCursor, token: Token, what: string): number {
  const amount = Number(token.value);
  if (!Number.isInteger(amount)) cursor.fail(token, `${what} are whole numbers, found ${token.text}`);
  return amount;
}

/** A number, possibly followed by a duration unit (`24 hours`) or a size unit (`2 MB`). */
function numberOrQuantity(cursor: TokenCursor): DqOperand {
  const token = cursor.next();
  const unit = cursor.peek();
  if (unit.kind === 'word' && DURATION_UNITS.has(unit.text)) {
    cursor.next();
    return Object.freeze({
      kind: 'duration',
      amount: wholeAmount(cursor, token, 'durations'),
      unit: unit.text as DqDurationUnit,
    });
  }
  if (unit.kind === 'word' && SIZE_UNITS.has(unit.text)) {
    cursor.next();
    return Object.freeze({
      kind: 'size',
      amount: wholeAmount(cursor, token, 'sizes'),
      unit: unit.text as DqSizeUnit,
    });
  }
  singularUnit(cursor, unit);
  return Object.freeze({ kind: 'number', value: Number(token.value) });
}

/** `(now() - 3 days)`: the opening parenthesis has been seen but not consumed. */
function nowWithOffset(cursor: TokenCursor): DqOperand {
  cursor.next();
  cursor.next();
  cursor.expectPunct('(', 'after "now"');
  cursor.expectPunct(')', 'after "now("');
  if (!cursor.atPunct('+', '-')) cursor.failExpected('"+" or "-"', 'after "now()" inside parentheses');
  const sign = cursor.next().text as '+' | '-';
  const amountToken = cursor.peek();
  if (amountToken.kind !== 'number')
    cursor.failExpected('a whole number of minutes, hours or days', `after "${sign}"`);
  cursor.next();
  const unit = cursor.peek();
  singularUnit(cursor, unit);
  if (unit.kind !== 'word' || !DURATION_UNITS.has(unit.text)) {
    cursor.failExpected('"minutes", "hours" or "days"', `after ${amountToken.text}`);
  }
  cursor.next();
  cursor.expectPunct(')', 'to close the date expression');
  return Object.freeze({
    kind: 'now',
    offset: Object.freeze({
      sign,
      amount: wholeAmount(cursor, amountToken, 'date offsets'),
      unit: unit.text as DqDurationUnit,
    }),
  });
}

function primary(cursor: TokenCursor, context: string): DqOperand {
  const t = cursor.peek();
  if (t.kind === 'number') return numberOrQuantity(cursor);
  if (t.kind === 'string') {
    cursor.next();
    return Object.freeze({ kind: 'string', value: String(t.value) });
  }
  if (t.kind === 'variable') return variableRef(cursor, cursor.next());
  if (t.kind === 'punct' && t.text === '-') {
    cursor.next();
    if (cursor.peek().kind !== 'number') cursor.failExpected('a number', 'after "-"');
    const operand = numberOrQuantity(cursor);
    if (operand.kind !== 'number') cursor.fail(t, 'only plain numbers can be negative');
    return Object.freeze({ kind: 'number', value: -operand.value });
  }
  if (t.kind === 'punct' && t.text === '(') {
    const after = cursor.peek(1);
    if (after.kind === 'word' && after.text === 'now' && cursor.peek(2).text === '(')
      return nowWithOffset(cursor);
    const open = cursor.next();
    const inner = value(cursor, 'after "("');
    if (!cursor.atPunct(')')) {
      cursor.failExpected('")"', `to close the "(" at line ${open.line}, column ${open.column}`);
    }
    cursor.next();
    return inner;
  }
  if (t.kind === 'word' && isKeywordOperand(t.text)) {
    cursor.next();
    return KEYWORD_OPERANDS[t.text]!;
  }
  if (t.kind === 'word' && cursor.peek(1).kind === 'punct' && cursor.peek(1).text === '(') {
    cursor.next();
    cursor.next();
    if (t.text === 'now') {
      cursor.expectPunct(')', 'after "now("');
      return Object.freeze({ kind: 'now' });
    }
    const args: DqOperand[] = [];
    if (!cursor.atPunct(')')) {
      args.push(value(cursor, `as an argument of ${t.text}()`));
      while (cursor.atPunct(',')) {
        cursor.next();
        args.push(value(cursor, `as an argument of ${t.text}()`));
      }
    }
    cursor.expectPunct(')', `to close the arguments of ${t.text}()`);
    return Object.freeze({ kind: 'call', name: t.text, args: Object.freeze(args) });
  }
  return cursor.failExpected('a value', context);
}

const NUMERIC: ReadonlySet<DqOperand['kind']> = new Set(['number', 'call', 'arithmetic']);

function arithmetic(cursor: TokenCursor, opToken: Token, left: DqOperand, right: DqOperand): DqOperand {
  for (const side of [left, right]) {
    if (NUMERIC.has(side.kind)) continue;
    if (side.kind === 'now' || side.kind === 'duration') {
      cursor.fail(opToken, 'date arithmetic is written in parentheses, as (now() - 3 days)');
    }
    cursor.fail(opToken, `"${opToken.text}" needs numbers or functions such as avg(last(3)) on both sides`);
  }
  return Object.freeze({ kind: 'arithmetic', op: opToken.text as DqArithmeticOp, left, right });
}

function product(cursor: TokenCursor, context: string): DqOperand {
  let left = primary(cursor, context);
  while (cursor.atPunct('*', '/')) {
    const op = cursor.next();
    left = arithmetic(cursor, op, left, primary(cursor, `after "${op.text}"`));
  }
  return left;
}

/**
 * A value, with conventional precedence for + - * /. The emitter parenthesizes every nested
 * term, so canonical text does not depend on it.
 */
export function value(cursor: TokenCursor, context: string): DqOperand {
  let left = product(cursor, context);
  while (cursor.atPunct('+', '-')) {
    const op = cursor.next();
    left = arithmetic(cursor, op, left, product(cursor, `after "${op.text}"`));
  }
  return left;
}

function list(cursor: TokenCursor): readonly DqOperand[] {
  cursor.expectPunct('[', 'after "in"');
  const values: DqOperand[] = [];
  for (;;) {
    values.push(value(cursor, values.length === 0 ? 'in the list after "in ["' : 'after ","'));
    if (cursor.atPunct(',')) {
      cursor.next();
      continue;
    }
    if (cursor.atPunct(']')) break;
    cursor.failExpected('"," or "]"', 'in the list of values');
  }
  cursor.next();
  return Object.freeze(values);
}

export function condition(cursor: TokenCursor): DqCondition {
  const start = cursor.peek();
  if (start.kind === 'punct' && COMPARATORS.has(start.text)) {
    cursor.next();
    return Object.freeze({
      kind: 'compare',
      op: start.text as DqComparator,
      value: value(cursor, `after "${start.text}"`),
    });
  }
  const negated = cursor.atWord('not');
  if (negated) {
    cursor.next();
    if (!cursor.atWord('between', 'in', 'matches'))
      cursor.failExpected('"between", "in" or "matches"', 'after "not"');
  }
  const keyword = cursor.next();
  switch (keyword.text) {
    case 'between': {
      const low = value(cursor, 'after "between"');
      cursor.expectWord('and', 'after the lower bound of between');
      const high = value(cursor, 'after "and" in between');
      return Object.freeze({ kind: 'between', low, high, negated });
    }
    case 'in': {
      const t = cursor.peek();
      const values = t.kind === 'variable' ? variableRef(cursor, cursor.next()) : list(cursor);
      return Object.freeze({ kind: 'in', values, negated });
    }
    case 'matches': {
      const t = cursor.peek();
      if (t.kind === 'variable')
        return Object.freeze({ kind: 'matches', pattern: variableRef(cursor, cursor.next()), negated });
      if (t.kind !== 'string') cursor.failExpected('a double-quoted regular expression', 'after "matches"');
      cursor.next();
      return Object.freeze({
        kind: 'matches',
        pattern: Object.freeze({ kind: 'string', value: String(t.value) }),
        negated,
      });
    }
    default:
      return cursor.fail(
        keyword,
        `expected a condition such as "> 0" or "in [...]", found ${describe(keyword)}`,
      );
  }
}
