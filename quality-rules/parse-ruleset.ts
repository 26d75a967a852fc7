/**
 * DQDL text → DqRuleset, by a hand-written recursive-descent parser over `tokenize`.
 *   document := header-comments (Metadata = {…})? (DataSources = {…})?
 *               (DefaultLabels = [...] | name = value)* Rules = [ rules ] (Analyzers = [ analyzers ])?
 * (or only an Analyzers section). Malformed input raises DqdlSyntaxError with line and column.
 */
import type {
  DqAnalyzer,
  DqDictionary,
  DqOperand,
  DqRuleExpr,
  DqRuleset,
  DqVariable,
} from '../core/index.js';
import { isKeywordOperand, variableRef } from './parse-condition.js';
import { labelList, parameters, ruleType, topLevelRule } from './parse-rule.js';
import { describe, TokenCursor } from './token-cursor.js';
import { tokenize } from './tokenize.js';

const SECTION_NAMES: ReadonlySet<string> = new Set([
  'Rules',
  'Analyzers',
  'DefaultLabels',
  'Metadata',
  'DataSources',
]);

/** `[ item, item ]` with at least one item; `[]` when `allowEmpty`. `what` is e.g. `a rule`. */
function bracketList<T>(cursor: TokenCursor, what: string, item: () => T, allowEmpty: boolean): T[] {
  const noun = what.replace(/^an? /, '');
  const open = cursor.expectPunct('[');
  const items: T[] = [];
  if (cursor.atPunct(']')) {
    if (!allowEmpty) cursor.failExpected(what, 'in the list');
    cursor.next();
    return items;
  }
  for (;;) {
    items.push(item());
    if (cursor.atPunct(',')) {
      cursor.next();
      if (cursor.atPunct(']')) cursor.failExpected(what, 'after ","');
      continue;
    }
    if (cursor.atPunct(']')) break;
    cursor.failExpected(
      `"," before the next ${noun} or "]"`,
      `to close the list opened at line ${open.line}, column ${open.column}`,
    );
  }
  cursor.next();
  return items;
}

/** A constant's value: a string, NULL/EMPTY/WHITESPACES_ONLY, another `$constant`, or a list of those. */
function constantItem(cursor: TokenCursor): DqOperand {
  const t = cursor.peek();
  if (t.kind === 'string') {
    cursor.next();
    return Object.freeze({ kind: 'string', value: String(t.value) });
  }
  if (t.kind === 'variable') return variableRef(cursor, cursor.next());
  if (t.kind === 'word' && isKeywordOperand(t.text)) {
    cursor.next();
    const kind =
      t.text.toUpperCase() === 'NULL'
        ? 'null'
        : t.text.toUpperCase() === 'EMPTY'
          ? 'empty'
          : 'whitespacesOnly';
    return Object.freeze({ kind });
  }
  return cursor.fail(t, `constants hold double-quoted strings or lists of them, found ${describe(t)}`);
}

function constant(cursor: TokenCursor): DqVariable {
  const name = cursor.next();
  if (SECTION_NAMES.has(name.text)) cursor.fail(name, `${name.text} is a section name, not a constant name`);
  if (cursor.constants.has(name.text)) cursor.fail(name, `the constant ${name.text} is declared twice`);
  cursor.expectPunct('=', `after the constant name ${name.text}`);
  const value = cursor.atPunct('[')
    ? Object.freeze(bracketList(cursor, 'a value', () => constantItem(cursor), false))
    : constantItem(cursor);
  cursor.constants.add(name.text);
  if (Array.isArray(value)) cursor.listConstants.add(name.text);
  return Object.freeze({ name: name.text, value });
}

/** `{ "key": "value", "key": ["a", "b"] }`, as the Metadata and DataSources sections hold. */
function dictionary(cursor: TokenCursor, section: string): DqDictionary {
  const open = cursor.expectPunct('{', `after ${section} =`);
  const entries: Record<string, string | readonly string[]> = {};
  const quoted = (what: string): string => {
    const t = cursor.peek();
    if (t.kind !== 'string') cursor.failExpected(`a double-quoted ${what}`, `in the ${section} section`);
    cursor.next();
    return String(t.value);
  };
  for (;;) {
    const keyToken = cursor.peek();
    const key = quoted('key');
    if (Object.hasOwn(entries, key)) cursor.fail(keyToken, `the key ${key} appears twice in ${section}`);
    cursor.expectPunct(':', `after the key ${key}`);
    entries[key] = cursor.atPunct('[')
      ? Object.freeze(bracketList(cursor, 'a string', () => quoted('string'), false))
      : quoted('value or a [list] of them');
    if (cursor.atPunct(',')) {
      cursor.next();
      continue;
    }
    if (cursor.atPunct('}')) break;
    cursor.failExpected(
      '"," or "}"',
      `to close the ${section} section opened at line ${open.line}, column ${open.column}`,
    );
  }
  cursor.next();
  return Object.freeze(entries);
}

function analyzer(cursor: TokenCursor): DqAnalyzer {
  const { spec } = ruleType(cursor, 'Analyzers');
  const params = parameters(cursor, spec);
  if (cursor.atWord('with')) {
    cursor.fail(
      cursor.peek(),
      `analyzer options ("with …") are not supported; write ${spec.name} and its parameters only`,
    );
  }
  if (!cursor.atPunct(',', ']'))
    cursor.failExpected('"," or "]"', `after the analyzer ${spec.name}: analyzers take no condition`);
  return Object.freeze({ kind: 'dqAnalyzer', analyzerType: spec.name, parameters: Object.freeze(params) });
}

export function parseRuleset(text: string): DqRuleset {
  const { tokens, header } = tokenize(text);
  const cursor = new TokenCursor(tokens);
  const variables: DqVariable[] = [];
  let defaultLabels: Readonly<Record<string, string>> | undefined;
  let metadata: DqDictionary | undefined;
  let dataSources: DqDictionary | undefined;
  let rules: DqRuleExpr[] | undefined;
  let analyzers: DqAnalyzer[] | undefined;

  for (;;) {
    const t = cursor.peek();
    if (t.kind === 'eof') break;
    if (t.kind !== 'word') cursor.failExpected('Rules = [ … ]');
    const afterRulesOrAnalyzers = rules !== undefined || analyzers !== undefined;
    switch (t.text) {
      case 'Rules':
        if (rules !== undefined) cursor.fail(t, 'the Rules section appears twice');
        if (analyzers !== undefined) cursor.fail(t, 'the Rules section comes before the Analyzers section');
        cursor.next();
        cursor.expectPunct('=', 'after Rules');
        rules = bracketList(cursor, 'a rule', () => topLevelRule(cursor), true);
        continue;
      case 'Analyzers':
        if (analyzers !== undefined) cursor.fail(t, 'the Analyzers section appears twice');
        cursor.next();
        cursor.expectPunct('=', 'after Analyzers');
        analyzers = bracketList(cursor, 'an analyzer', () => analyzer(cursor), true);
        continue;
      case 'DefaultLabels':
        if (afterRulesOrAnalyzers) cursor.fail(t, 'DefaultLabels is declared before the Rules section');
        if (defaultLabels !== undefined) cursor.fail(t, 'DefaultLabels appears twice');
        cursor.next();
        cursor.expectPunct('=', 'after DefaultLabels');
        defaultLabels = Object.freeze(labelList(cursor, {}));
        cursor.defaultLabels = defaultLabels;
        continue;
      case 'Metadata':
      case 'DataSources': {
        const seen = t.text === 'Metadata' ? metadata : dataSources;
        if (seen !== undefined) cursor.fail(t, `the ${t.text} section appears twice`);
        if (afterRulesOrAnalyzers || variables.length > 0 || defaultLabels !== undefined)
          cursor.fail(t, `the ${t.text} section comes first, before constants, DefaultLabels and Rules`);
        if (t.text === 'Metadata' && dataSources !== undefined)
          cursor.fail(t, 'the Metadata section comes before the DataSources section');
        cursor.next();
        cursor.expectPunct('=', `after ${t.text}`);
        const entries = dictionary(cursor, t.text);
        if (t.text === 'Metadata') metadata = entries;
        else dataSources = entries;
        continue;
      }
      case 'let':
        if (cursor.peek(1).kind === 'word')
          cursor.fail(t, 'DQDL constants are declared without "let": write name = "value"');
        break;
    }
    if (cursor.peek(1).kind === 'punct' && cursor.peek(1).text === '=') {
      if (afterRulesOrAnalyzers) cursor.fail(t, 'constants are declared before the Rules section');
      variables.push(constant(cursor));
      continue;
    }
    cursor.failExpected(
      afterRulesOrAnalyzers ? 'Analyzers = [ … ] or the end of the ruleset' : 'Rules = [ … ]',
    );
  }
  if (rules === undefined && analyzers === undefined) cursor.failExpected('Rules = [ … ]');
  if ((rules?.length ?? 0) + (analyzers?.length ?? 0) === 0) {
    cursor.fail(cursor.peek(), 'the ruleset has no rules: add at least one rule inside Rules = [ … ]');
  }
  return Object.freeze({
    kind: 'dqRuleset',
    ...(header.length === 0 ? {} : { header: Object.freeze([...header]) }),
    ...(metadata === undefined ? {} : { metadata }),
    ...(dataSources === undefined ? {} : { dataSources }),
    ...(defaultLabels === undefined ? {} : { defaultLabels }),
    variables: Object.freeze(variables),
    rules: Object.freeze(rules ?? []),
    ...(analyzers === undefined ? {} : { analyzers: Object.freeze(analyzers) }),
  });
}

/** One top-level rule or composite, e.g. `(ColumnValues "c" >= 0) and (ColumnValues "c" <= 100)`. */
export function parseRule(text: string): DqRuleExpr {
  const cursor = new TokenCursor(tokenize(text).tokens);
  const rule = topLevelRule(cursor);
  if (cursor.peek().kind !== 'eof') cursor.failExpected('the end of the rule');
  return rule;
}
