/**
 * DQDL AST → canonical DQDL text. Canonical means: one rule per line, double-quoted strings,
 * lower-case keywords, upper-case NULL/EMPTY/WHITESPACES_ONLY, every composite operand and every
 * nested arithmetic term in parentheses. `parseRuleset` reads it back to the same AST, and
 * `emitRule` is the rule's name in results, as Glue names rules by their text.
 */
import type {
  DqAnalyzer,
  DqCondition,
  DqConditionKind,
  DqOperand,
  DqOperandKind,
  DqParameter,
  DqRuleExpr,
  DqRuleset,
  DqVariable,
} from '../core/index.js';
import { formatNumber, quoteString, WORD } from './literals.js';

const INDENT = '    ';

type OperandEmitters = { readonly [K in DqOperandKind]: (o: Extract<DqOperand, { kind: K }>) => string };

const OPERANDS: OperandEmitters = {
  number: (o) => formatNumber(o.value),
  string: (o) => quoteString(o.value),
  duration: (o) => `${formatNumber(o.amount)} ${o.unit}`,
  size: (o) => `${formatNumber(o.amount)} ${o.unit}`,
  now: (o) =>
    o.offset === undefined
      ? 'now()'
      : `(now() ${o.offset.sign} ${formatNumber(o.offset.amount)} ${o.offset.unit})`,
  variable: (o) => `$${o.name}`,
  null: () => 'NULL',
  empty: () => 'EMPTY',
  whitespacesOnly: () => 'WHITESPACES_ONLY',
  call: (o) => `${o.name}(${o.args.map(emitOperand).join(', ')})`,
  // Nested terms are always parenthesized, so the text means the same whatever precedence a
  // reader assumes between + - and * /.
  arithmetic: (o) => `${term(o.left)} ${o.op} ${term(o.right)}`,
};

const term = (o: DqOperand): string => (o.kind === 'arithmetic' ? `(${emitOperand(o)})` : emitOperand(o));

export function emitOperand(operand: DqOperand): string {
  return (OPERANDS[operand.kind] as (o: DqOperand) => string)(operand);
}

type ConditionEmitters = {
  readonly [K in DqConditionKind]: (c: Extract<DqCondition, { kind: K }>) => string;
};

const not = (negated: boolean): string => (negated ? 'not ' : '');

const CONDITIONS: ConditionEmitters = {
  compare: (c) => `${c.op} ${emitOperand(c.value)}`,
  between: (c) => `${not(c.negated)}between ${emitOperand(c.low)} and ${emitOperand(c.high)}`,
  in: (c) =>
    `${not(c.negated)}in ${Array.isArray(c.values) ? `[${c.values.map(emitOperand).join(', ')}]` : emitOperand(c.values as DqOperand)}`,
  matches: (c) => `${not(c.negated)}matches ${emitOperand(c.pattern)}`,
};

export function emitCondition(condition: DqCondition): string {
  return (CONDITIONS[condition.kind] as (c: DqCondition) => string)(condition);
}

function emitParameter(p: DqParameter): string {
  switch (p.kind) {
    case 'string':
      return `${p.of ? 'of ' : ''}${p.bare ? p.value : quoteString(p.value)}`;
    case 'number':
      return formatNumber(p.value);
    case 'variable':
      return `$${p.name}`;
  }
}

const emitLabels = (labels: Readonly<Record<string, string>>): string =>
  `[${Object.entries(labels)
    .map(([k, v]) => `${quoteString(k)}=${quoteString(v)}`)
    .join(', ')}]`;

const hasLabels = (
  labels: Readonly<Record<string, string>> | undefined,
): labels is Readonly<Record<string, string>> => labels !== undefined && Object.keys(labels).length > 0;

function emitExpr(expr: DqRuleExpr, topLevel: boolean): string {
  if (hasLabels(expr.labels) && !topLevel) {
    throw new Error('DQDL allows labels only on top-level rules, not on the operands of a composite rule');
  }
  if (expr.kind === 'dqComposite') {
    const body = expr.rules.map((r) => `(${emitExpr(r, false)})`).join(` ${expr.op} `);
    return hasLabels(expr.labels) ? `(${body}) labels=${emitLabels(expr.labels)}` : body;
  }
  const parts = [expr.ruleType, ...expr.parameters.map(emitParameter)];
  if (expr.condition !== undefined) parts.push(emitCondition(expr.condition));
  if (expr.where !== undefined) parts.push(`where ${quoteString(expr.where)}`);
  if (expr.threshold !== undefined) parts.push(`with threshold ${emitCondition(expr.threshold)}`);
  for (const [tag, value] of Object.entries(expr.tags ?? {})) {
    parts.push(`with ${WORD.test(tag) ? tag : quoteString(tag)} = ${emitOperand(value)}`);
  }
  if (hasLabels(expr.labels)) parts.push(`labels=${emitLabels(expr.labels)}`);
  return parts.join(' ');
}

/** The canonical text of one top-level rule or composite, as it appears on its line in the ruleset. */
export function emitRule(rule: DqRuleExpr): string {
  return emitExpr(rule, true);
}

function emitVariable(v: DqVariable): string {
  const value = Array.isArray(v.value)
    ? `[${(v.value as readonly DqOperand[]).map(emitOperand).join(', ')}]`
    : emitOperand(v.value as DqOperand);
  return `${v.name} = ${value}`;
}

const emitAnalyzer = (a: DqAnalyzer): string =>
  [a.analyzerType, ...a.parameters.map(emitParameter)].join(' ');

function section(name: string, lines: readonly string[]): string[] {
  if (lines.length === 0) return [`${name} = []`];
  return [`${name} = [`, ...lines.map((l, i) => `${INDENT}${l}${i < lines.length - 1 ? ',' : ''}`), ']'];
}

/**
 * The canonical DQDL document: header comments, `DefaultLabels`, constants, `Rules`, then
 * `Analyzers` when the ruleset has that section. Ends with a newline.
 */
export function emitRuleset(ruleset: DqRuleset): string {
  const lines: string[] = [];
  for (const comment of ruleset.header ?? []) {
    if (/[\r\n]/.test(comment))
      throw new Error(`a header comment cannot span lines: ${JSON.stringify(comment)}`);
    lines.push(comment === '' ? '#' : `# ${comment}`);
  }
  for (const [name, entries] of [
    ['Metadata', ruleset.metadata],
    ['DataSources', ruleset.dataSources],
  ] as const) {
    if (entries === undefined) continue;
    const pairs = Object.entries(entries).map(
      ([k, v]) =>
        `    ${quoteString(k)}: ${typeof v === 'string' ? quoteString(v) : `[${v.map(quoteString).join(', ')}]`}`,
    );
    lines.push(`${name} = {`, pairs.join(',\n'), '}');
  }
  if (hasLabels(ruleset.defaultLabels)) lines.push(`DefaultLabels = ${emitLabels(ruleset.defaultLabels)}`);
  lines.push(...ruleset.variables.map(emitVariable));
  lines.push(...section('Rules', ruleset.rules.map(emitRule)));
  if (ruleset.analyzers !== undefined)
    lines.push(...section('Analyzers', ruleset.analyzers.map(emitAnalyzer)));
  return `${lines.join('\n')}\n`;
}
