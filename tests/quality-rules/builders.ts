/** Short AST builders for the expectation tables. */
import type { DqCondition, DqOperand, DqParameter, DqRule, DqRuleExpr } from '../../core/index.js';
import { dq, num, text } from '../../core/index.js';

export { num, text };
export const col = (value: string): DqParameter => ({ kind: 'string', value });
/** A parameter written without quotes (`IsPrimaryKey colA`). */
export const bareCol = (value: string): DqParameter => ({ kind: 'string', value, bare: true });
export const ref = (name: string) => ({ kind: 'variable', name }) as const;
export const NULL: DqOperand = { kind: 'null' };
export const EMPTY: DqOperand = { kind: 'empty' };
export const WHITESPACES_ONLY: DqOperand = { kind: 'whitespacesOnly' };
export const dur = (amount: number, unit: 'minutes' | 'hours' | 'days'): DqOperand => ({
  kind: 'duration',
  amount,
  unit,
});
export const size = (amount: number, unit: 'B' | 'KB' | 'MB' | 'GB' | 'TB'): DqOperand => ({
  kind: 'size',
  amount,
  unit,
});
export const now = (sign?: '+' | '-', amount?: number, unit?: 'minutes' | 'hours' | 'days'): DqOperand =>
  sign === undefined ? { kind: 'now' } : { kind: 'now', offset: { sign, amount: amount!, unit: unit! } };
export const call = (name: string, ...args: DqOperand[]): DqOperand => ({ kind: 'call', name, args });
export const arith = (op: '+' | '-' | '*' | '/', left: DqOperand, right: DqOperand): DqOperand => ({
  kind: 'arithmetic',
  op,
  left,
  right,
});

export const cmp = (op: '=' | '!=' | '>' | '>=' | '<' | '<=', value: DqOperand): DqCondition => ({
  kind: 'compare',
  op,
  value,
});
export const between = (low: DqOperand, high: DqOperand, negated = false): DqCondition => ({
  kind: 'between',
  low,
  high,
  negated,
});
export const inList = (values: DqOperand[], negated = false): DqCondition => ({
  kind: 'in',
  values,
  negated,
});
export const matches = (pattern: string, negated = false): DqCondition => ({
  kind: 'matches',
  pattern: text(pattern),
  negated,
});

export const rule = (
  ruleType: string,
  parameters: DqParameter[],
  extra: Partial<Omit<DqRule, 'kind'>> = {},
): DqRule => dq.rule(ruleType, parameters, extra);
export const and = (...rules: DqRuleExpr[]) => dq.and(...rules);
export const or = (...rules: DqRuleExpr[]) => dq.or(...rules);
