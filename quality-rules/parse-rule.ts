/**
 * Rules and composite rules:
 *   rule      := RuleType parameter* condition? (where "…")? (with threshold cond | with tag = value)* labels?
 *   composite := (expr) and (expr) [and (expr)]…  |  (expr) or (expr) …
 * Each operand of and/or is parenthesized, as AWS documents; mixing and/or needs parentheses.
 * Labels go on top-level rules only: `Rule … labels=[…]` or `((a) and (b)) labels=[…]`.
 */
import type { DqCondition, DqOperand, DqParameter, DqRule, DqRuleExpr } from '../core/index.js';
import { atCondition, condition, isKeywordOperand, value, variableRef } from './parse-condition.js';
import { DQ_RULE_TYPES, type DqRuleTypeSpec, ruleTypeSpec, suggestRuleType } from './rule-types.js';
import { describe, type TokenCursor } from './token-cursor.js';
import type { Token } from './tokenize.js';

/** Words that end a rule's parameters; they can never be bare-word parameters. */
const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'AND',
  'OR',
  'between',
  'not',
  'in',
  'matches',
  'where',
  'with',
  'labels',
]);
const LOWER_CASE_ONLY = ['between', 'not', 'in', 'matches', 'where', 'with', 'labels'];
const MAX_LABELS = 10;

/** An own, enumerable key even for `"__proto__"`, which plain assignment would not create. */
function define<T>(target: Record<string, T>, key: string, v: T): void {
  Object.defineProperty(target, key, { value: v, enumerable: true, writable: true, configurable: true });
}

const atLogical = (cursor: TokenCursor): boolean => cursor.atWord('and', 'or', 'AND', 'OR');

function unknownType(cursor: TokenCursor, token: Token): never {
  const suggestion = suggestRuleType(token.text);
  const hint =
    suggestion === undefined
      ? `known rule types: ${[...DQ_RULE_TYPES.values()]
          .filter((s) => s.asRule)
          .map((s) => s.name)
          .join(', ')}`
      : `did you mean ${suggestion}? Rule types are case-sensitive`;
  return cursor.fail(token, `unknown rule type ${token.text}: ${hint}`);
}

/** The rule type at the cursor, checked against the catalog. */
export function ruleType(
  cursor: TokenCursor,
  section: 'Rules' | 'Analyzers',
): { token: Token; spec: DqRuleTypeSpec } {
  const token = cursor.peek();
  if (token.kind !== 'word' || KEYWORDS.has(token.text) || isKeywordOperand(token.text)) {
    cursor.failExpected(
      section === 'Rules' ? 'a rule such as IsComplete "column"' : 'an analyzer such as Mean "column"',
    );
  }
  cursor.next();
  const spec = ruleTypeSpec(token.text) ?? unknownType(cursor, token);
  if (section === 'Rules' && !spec.asRule) {
    cursor.fail(token, `${spec.name} is an analyzer: it belongs in Analyzers = [ … ], not in Rules`);
  }
  if (section === 'Analyzers' && !spec.asAnalyzer) {
    cursor.fail(token, `${spec.name} cannot be an analyzer: it belongs in Rules = [ … ]`);
  }
  return { token, spec };
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

function expectedCount(spec: DqRuleTypeSpec): string {
  if (spec.maxParameters === Number.POSITIVE_INFINITY)
    return `at least ${plural(spec.minParameters, 'parameter')}`;
  if (spec.minParameters === spec.maxParameters) return plural(spec.minParameters, 'parameter');
  return `${spec.minParameters} to ${spec.maxParameters} parameters`;
}

/** Quoted strings, numbers, `$constants` and bare words, up to the first keyword or condition. */
export function parameters(cursor: TokenCursor, spec: DqRuleTypeSpec): DqParameter[] {
  const params: DqParameter[] = [];
  for (;;) {
    // `of` before a parameter, as analyzers are written: `Completeness of "a"`.
    const of = cursor.atWord('of') && ['string', 'word'].includes(cursor.peek(1).kind);
    if (of) cursor.next();
    const t = cursor.peek();
    let param: DqParameter | undefined;
    if (t.kind === 'string') param = { kind: 'string', value: String(t.value), ...(of ? { of } : {}) };
    else if (t.kind === 'number') param = { kind: 'number', value: Number(t.value) };
    else if (t.kind === 'variable') {
      param = variableRef(cursor, t);
      if (cursor.listConstants.has(param.name))
        cursor.fail(t, `$${param.name} holds a list; a parameter of ${spec.name} takes one string`);
    } else if (
      t.kind === 'word' &&
      !KEYWORDS.has(t.text) &&
      !isKeywordOperand(t.text) &&
      !DQ_RULE_TYPES.has(t.text) &&
      cursor.peek(1).text !== '('
    ) {
      const lower = LOWER_CASE_ONLY.find((k) => k === t.text.toLowerCase());
      if (lower !== undefined)
        cursor.fail(t, `DQDL keywords are lower-case: write "${lower}" instead of "${t.text}"`);
      param = { kind: 'string', value: t.text, bare: true, ...(of ? { of } : {}) };
    }
    if (param === undefined) {
      if (of) cursor.failExpected('a parameter', 'after "of"');
      break;
    }
    if (params.length === spec.maxParameters) {
      cursor.fail(t, `${spec.name} takes ${expectedCount(spec)}; ${describe(t)} would be one more`);
    }
    cursor.next();
    params.push(Object.freeze(param));
  }
  if (params.length < spec.minParameters) {
    cursor.failExpected(
      `${expectedCount(spec)} after ${spec.name}`,
      params.length === 0 ? '' : `(it has ${params.length})`,
    );
  }
  return params;
}

/** `labels=["k"="v", …]` or the `[…]` of `DefaultLabels = […]`; the keyword has been consumed. */
export function labelList(
  cursor: TokenCursor,
  inherited: Readonly<Record<string, string>>,
): Record<string, string> {
  const open = cursor.expectPunct('[');
  const labels: Record<string, string> = {};
  if (cursor.atPunct(']')) cursor.fail(cursor.peek(), 'labels need at least one "key"="value" pair');
  for (;;) {
    const key = cursor.peek();
    if (key.kind !== 'string') cursor.failExpected('a double-quoted label key', 'in the label list');
    cursor.next();
    cursor.expectPunct('=', `after the label key ${key.text}`);
    const val = cursor.peek();
    if (val.kind !== 'string') cursor.failExpected('a double-quoted label value', `after ${key.text}=`);
    cursor.next();
    const k = String(key.value);
    const v = String(val.value);
    if (k === '' || v === '') cursor.fail(key, 'label keys and values cannot be empty');
    if (k.length > 128) cursor.fail(key, `label keys are at most 128 characters, this one has ${k.length}`);
    if (v.length > 256) cursor.fail(val, `label values are at most 256 characters, this one has ${v.length}`);
    if (Object.hasOwn(labels, k)) cursor.fail(key, `duplicate label key ${key.text}`);
    define(labels, k, v);
    if (Object.keys({ ...inherited, ...labels }).length > MAX_LABELS) {
      cursor.fail(key, `a rule has at most ${MAX_LABELS} labels, DefaultLabels included`);
    }
    if (cursor.atPunct(',')) {
      cursor.next();
      continue;
    }
    if (cursor.atPunct(']')) break;
    cursor.failExpected('"," or "]"', `in the label list opened at line ${open.line}, column ${open.column}`);
  }
  cursor.next();
  return labels;
}

function ruleLabels(cursor: TokenCursor): Readonly<Record<string, string>> {
  cursor.next();
  cursor.expectPunct('=', 'after "labels"');
  return Object.freeze(labelList(cursor, cursor.defaultLabels));
}

function threshold(cursor: TokenCursor): DqCondition {
  const start = cursor.peek();
  if (!atCondition(cursor)) cursor.failExpected('a condition such as "> 0.9"', 'after "with threshold"');
  const c = condition(cursor);
  const numeric = (o: DqOperand): boolean =>
    o.kind === 'number' || o.kind === 'call' || o.kind === 'arithmetic';
  const ok =
    (c.kind === 'compare' && numeric(c.value)) || (c.kind === 'between' && numeric(c.low) && numeric(c.high));
  if (!ok)
    cursor.fail(start, 'with threshold takes a numeric comparison such as "> 0.9" or "between 0.2 and 0.8"');
  return c;
}

const typesWith = (flag: 'where' | 'threshold'): string =>
  [...DQ_RULE_TYPES.values()]
    .filter((t) => t[flag])
    .map((t) => t.name)
    .join(', ');
const WHERE_TYPES = typesWith('where');
const THRESHOLD_TYPES = typesWith('threshold');

/** The operands a condition compares with. */
function conditionOperands(c: DqCondition): readonly DqOperand[] {
  switch (c.kind) {
    case 'compare':
      return [c.value];
    case 'between':
      return [c.low, c.high];
    case 'in':
      return Array.isArray(c.values) ? c.values : [];
    case 'matches':
      return [c.pattern];
  }
}

/** One rule, after its rule type. */
function rule(cursor: TokenCursor, topLevel: boolean): DqRule {
  const { spec } = ruleType(cursor, 'Rules');
  const out: { -readonly [K in keyof DqRule]: DqRule[K] } = {
    kind: 'dqRule',
    ruleType: spec.name,
    parameters: Object.freeze(parameters(cursor, spec)),
  };
  if (atCondition(cursor)) {
    if (spec.condition === 'none') {
      cursor.fail(
        cursor.peek(),
        `${spec.name} takes no condition (it passes or fails by itself), found ${describe(cursor.peek())}`,
      );
    }
    const at = cursor.peek();
    out.condition = condition(cursor);
    if (
      spec.name === 'DataFreshness' &&
      !conditionOperands(out.condition).every((o) => o.kind === 'duration')
    )
      cursor.fail(at, 'DataFreshness compares an age: give its unit, as in <= 24 hours or > 30 minutes');
  } else if (spec.condition === 'required') {
    const where = out.parameters.length === 0 ? spec.name : `the parameters of ${spec.name}`;
    cursor.failExpected('a condition such as "> 0" or "between 1 and 9"', `after ${where}`);
  }
  const tags: Record<string, DqOperand> = {};
  for (;;) {
    if (cursor.atWord('where')) {
      const where = cursor.next();
      if (out.where !== undefined) cursor.fail(where, 'a rule has at most one where clause');
      if (!spec.where)
        cursor.fail(where, `${spec.name} takes no where clause (AWS Glue filters rows for ${WHERE_TYPES})`);
      const sql = cursor.peek();
      if (sql.kind !== 'string') cursor.failExpected('a double-quoted Spark SQL predicate', 'after "where"');
      if (sql.value === '') cursor.fail(sql, 'the where clause is empty');
      cursor.next();
      out.where = String(sql.value);
    } else if (cursor.atWord('with')) {
      const withToken = cursor.next();
      const name = cursor.peek();
      if (name.kind !== 'word' && name.kind !== 'string')
        cursor.failExpected('"threshold" or a tag name', 'after "with"');
      cursor.next();
      const tag = String(name.value);
      if (tag === 'threshold') {
        if (out.threshold !== undefined) cursor.fail(withToken, 'a rule has at most one "with threshold"');
        if (!spec.threshold)
          cursor.fail(withToken, `${spec.name} takes no "with threshold" (only ${THRESHOLD_TYPES} do)`);
        out.threshold = threshold(cursor);
        continue;
      }
      if (Object.hasOwn(tags, tag)) cursor.fail(name, `the tag ${tag} is given twice`);
      cursor.expectPunct('=', `after the tag name ${tag} (tags are written "with ${tag} = value")`);
      const v = value(cursor, `for the tag ${tag}`);
      if (v.kind !== 'string' && v.kind !== 'number')
        cursor.fail(name, `the tag ${tag} takes a number or a string`);
      define(tags, tag, v);
    } else if (cursor.atWord('labels')) {
      if (!topLevel) {
        cursor.fail(
          cursor.peek(),
          'labels go on the top-level rule, after the closing parenthesis: ((a) and (b)) labels=[…]',
        );
      }
      out.labels = ruleLabels(cursor);
    } else {
      break;
    }
  }
  if (Object.keys(tags).length > 0) out.tags = Object.freeze(tags);
  return Object.freeze(out);
}

/** `( expr )`; the inside is a rule or a chain of parenthesized operands. */
function group(cursor: TokenCursor): DqRuleExpr {
  const open = cursor.expectPunct('(');
  const inner = cursor.atPunct('(') ? chain(cursor).expr : rule(cursor, false);
  if (atLogical(cursor)) {
    cursor.fail(
      cursor.peek(),
      `each rule joined by "${cursor.peek().text.toLowerCase()}" must be in parentheses: (A) and (B)`,
    );
  }
  if (!cursor.atPunct(')'))
    cursor.failExpected('")"', `to close the "(" at line ${open.line}, column ${open.column}`);
  cursor.next();
  return inner;
}

/**
 * `(a) op (b) op (c)`; `grouped` when it was a single parenthesized operand with no operator.
 * Mixed at one level, `and` binds tighter than `or`, as in AWS's grammar:
 * `(a) and (b) or (c)` is `((a) and (b)) or (c)`.
 */
function chain(cursor: TokenCursor): { expr: DqRuleExpr; grouped: boolean } {
  const operands = [group(cursor)];
  const ops: ('and' | 'or')[] = [];
  while (atLogical(cursor)) {
    const token = cursor.next();
    const op = token.text.toLowerCase() as 'and' | 'or';
    if (!cursor.atPunct('('))
      cursor.failExpected('"("', `after "${token.text}": each rule joined by ${op} is in parentheses`);
    ops.push(op);
    operands.push(group(cursor));
  }
  if (ops.length === 0) return { expr: operands[0]!, grouped: true };
  const composite = (op: 'and' | 'or', rules: DqRuleExpr[]): DqRuleExpr =>
    rules.length === 1 ? rules[0]! : Object.freeze({ kind: 'dqComposite', op, rules: Object.freeze(rules) });
  // The runs of operands joined by "and", then those joined by "or".
  const terms: DqRuleExpr[][] = [[operands[0]!]];
  for (const [i, op] of ops.entries()) {
    if (op === 'and') terms.at(-1)!.push(operands[i + 1]!);
    else terms.push([operands[i + 1]!]);
  }
  return {
    expr: composite(
      'or',
      terms.map((t) => composite('and', t)),
    ),
    grouped: false,
  };
}

/** One entry of `Rules = [ … ]`. */
export function topLevelRule(cursor: TokenCursor): DqRuleExpr {
  if (!cursor.atPunct('(')) {
    const r = rule(cursor, true);
    if (atLogical(cursor)) {
      cursor.fail(
        cursor.peek(),
        `each rule joined by "${cursor.peek().text.toLowerCase()}" must be in parentheses: (A) and (B)`,
      );
    }
    return r;
  }
  const { expr, grouped } = chain(cursor);
  if (!cursor.atWord('labels')) return expr;
  if (!grouped) {
    cursor.fail(
      cursor.peek(),
      'labels of a composite rule go after the whole composite in parentheses: ((A) and (B)) labels=[…]',
    );
  }
  if (expr.labels !== undefined) cursor.fail(cursor.peek(), 'this rule already has labels');
  return Object.freeze({ ...expr, labels: ruleLabels(cursor) });
}
