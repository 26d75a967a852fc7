/** Choice-state conditions as data: comparisons and their boolean combinations. */
import type { JsonObject } from './json.js';

export type ComparisonOperator =
  | 'StringEquals'
  | 'StringMatches'
  | 'NumericEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'BooleanEquals'
  | 'IsPresent'
  | 'IsNull';

export interface Comparison {
  readonly kind: 'comparison';
  /** A reference path into the state input, e.g. `$.crawler.State`. */
  readonly variable: string;
  readonly operator: ComparisonOperator;
  readonly value: string | number | boolean;
}

export interface AllOf {
  readonly kind: 'and';
  readonly conditions: readonly Condition[];
}

export interface AnyOf {
  readonly kind: 'or';
  readonly conditions: readonly Condition[];
}

export interface Negation {
  readonly kind: 'not';
  readonly condition: Condition;
}

export type Condition = Comparison | AllOf | AnyOf | Negation;

function comparison(
  variable: string,
  operator: ComparisonOperator,
  value: string | number | boolean,
): Comparison {
  // Caught here rather than at render time so the stack points at the pattern that built it.
  if (!variable.startsWith('$'))
    throw new Error(`a Choice variable must be a path starting with $, got "${variable}"`);
  return Object.freeze({ kind: 'comparison', variable, operator, value });
}

function combination(kind: 'and' | 'or', conditions: readonly Condition[]): AllOf | AnyOf {
  if (conditions.length === 0) throw new Error(`"${kind}" needs at least one condition`);
  return Object.freeze({ kind, conditions: Object.freeze([...conditions]) });
}

export const cond = {
  stringEquals: (variable: string, value: string) => comparison(variable, 'StringEquals', value),
  stringMatches: (variable: string, pattern: string) => comparison(variable, 'StringMatches', pattern),
  numericEquals: (variable: string, value: number) => comparison(variable, 'NumericEquals', value),
  numericGreaterThan: (variable: string, value: number) => comparison(variable, 'NumericGreaterThan', value),
  numericGreaterThanEquals: (variable: string, value: number) =>
    comparison(variable, 'NumericGreaterThanEquals', value),
  numericLessThan: (variable: string, value: number) => comparison(variable, 'NumericLessThan', value),
  numericLessThanEquals: (variable: string, value: number) =>
    comparison(variable, 'NumericLessThanEquals', value),
  booleanEquals: (variable: string, value: boolean) => comparison(variable, 'BooleanEquals', value),
  isPresent: (variable: string, present = true) => comparison(variable, 'IsPresent', present),
  isNull: (variable: string, isNull = true) => comparison(variable, 'IsNull', isNull),
  and: (...conditions: readonly Condition[]) => combination('and', conditions),
  or: (...conditions: readonly Condition[]) => combination('or', conditions),
  not: (condition: Condition): Negation => Object.freeze({ kind: 'not', condition }),
};

const RENDER: { readonly [K in Condition['kind']]: (c: Extract<Condition, { kind: K }>) => JsonObject } = {
  comparison: (c) => ({ Variable: c.variable, [c.operator]: c.value }),
  and: (c) => ({ And: c.conditions.map(renderCondition) }),
  or: (c) => ({ Or: c.conditions.map(renderCondition) }),
  not: (c) => ({ Not: renderCondition(c.condition) }),
};

/** The ASL form of a condition (without `Next`, which only a top-level rule carries). */
export function renderCondition(condition: Condition): JsonObject {
  return (RENDER[condition.kind] as (c: Condition) => JsonObject)(condition);
}
