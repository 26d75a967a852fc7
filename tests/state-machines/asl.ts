/**
 * Test helpers over rendered ASL: asl-validator, a walk over every state (branches included),
 * and a small evaluator for the Choice rules and States.Format strings the patterns emit, so tests
 * can check where a Choice routes a given input and what key a Task computes.
 */
import { createRequire } from 'node:module';

type AslValidator = (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

export type AslStateJson = Record<string, unknown> & { Type: string };
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslStateJson>;
  TimeoutSeconds?: number;
}

/** asl-validator's verdict; it annotates what it is given, so it gets a copy. */
export function validateAsl(definition: unknown): { isValid: boolean; errors: string } {
  const result = aslValidator(structuredClone(definition));
  return { isValid: result.isValid, errors: result.errorsText('\n') };
}

/** Every state with its name, Parallel branches included. */
export function everyState(definition: { States: Record<string, AslStateJson> }): [string, AslStateJson][] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, AslStateJson],
    ...((state.Branches as { States: Record<string, AslStateJson> }[] | undefined) ?? []).flatMap(everyState),
  ]);
}

/** Reads a dot-notation path (`$.a.b`, `$$.Execution.Name`) from the input or the context object. */
export function readPath(path: string, input: unknown, context: unknown = {}): unknown {
  const [root, ...keys] = path.startsWith('$$.')
    ? ['$$', ...path.slice(3).split('.')]
    : ['$', ...path.slice(2).split('.')];
  let value: unknown = root === '$$' ? context : input;
  for (const key of keys) {
    if (key === '') continue;
    if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

type Rule = Record<string, unknown>;

/** Evaluates the subset of Choice rules the patterns use: StringEquals, IsPresent, And, Or, Not. */
export function matches(rule: Rule, input: unknown): boolean {
  if (Array.isArray(rule.And)) return (rule.And as Rule[]).every((r) => matches(r, input));
  if (Array.isArray(rule.Or)) return (rule.Or as Rule[]).some((r) => matches(r, input));
  if (rule.Not !== undefined) return !matches(rule.Not as Rule, input);
  const value = readPath(rule.Variable as string, input);
  if ('IsPresent' in rule) return (value !== undefined) === rule.IsPresent;
  if (value === undefined) throw new Error(`States.Runtime: ${rule.Variable as string} is not in the input`);
  if ('StringEquals' in rule) return value === rule.StringEquals;
  throw new Error(`unsupported rule ${JSON.stringify(rule)}`);
}

/** Where a rendered Choice state sends this input. */
export function route(state: AslStateJson, input: unknown): string | undefined {
  const rule = (state.Choices as Rule[]).find((r) => matches(r, input));
  return (rule?.Next as string | undefined) ?? (state.Default as string | undefined);
}

/** Evaluates `States.Format('…', path, …)` whose arguments are plain paths. */
export function evaluateFormat(expression: string, input: unknown, context: unknown = {}): string {
  const m = /^States\.Format\('((?:\\.|[^'\\])*)'((?:, [^,]+)*)\)$/.exec(expression);
  if (m === null) throw new Error(`not a States.Format with path arguments: ${expression}`);
  const args = (m[2] ?? '')
    .split(', ')
    .filter((a) => a !== '')
    .map((a) => readPath(a, input, context));
  let i = 0;
  return (m[1] ?? '').replace(/\\(.)|\{\}/g, (whole, escaped: string | undefined) =>
    escaped !== undefined ? escaped : String(args[i++] ?? whole),
  );
}
