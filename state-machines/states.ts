/**
 * The state types of the Amazon States Language (JSONPath flavour) as frozen data nodes. A
 * factory checks what can be checked on one state, eagerly, and names the state when it refuses;
 * what needs the whole graph (dangling Next, duplicates, reachability) is checked by
 * `stateMachine()`. A state without `next` ends its machine or branch, as in CDK.
 */
import type { PolicyStatement } from '../core/index.js';
import type { Condition } from './conditions.js';
import { StateDefinitionError } from './errors.js';
import type { JsonObject, JsonValue } from './json.js';

/** A Retry rule: which errors, and how long to wait between attempts. */
export interface Retrier {
  readonly errors: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
}

/** A Catch rule: which errors go where, and where the error object lands in the input. */
export interface Catcher {
  readonly errors: readonly string[];
  readonly next: string;
  /** `$.error` keeps the input and adds `{ Error, Cause }`; null discards the error. */
  readonly resultPath?: string | null;
}

interface Common {
  readonly name: string;
  readonly comment?: string;
}

export interface TaskState extends Common {
  readonly kind: 'task';
  readonly resource: string;
  readonly parameters?: JsonObject;
  readonly resultSelector?: JsonObject;
  readonly resultPath?: string | null;
  readonly timeoutSeconds?: number;
  readonly retry: readonly Retrier[];
  readonly catch: readonly Catcher[];
  readonly next?: string;
  /** What the state-machine role must allow for this Task to run (CDK's grant model). */
  readonly grants: readonly PolicyStatement[];
}

export interface PassState extends Common {
  readonly kind: 'pass';
  readonly parameters?: JsonObject;
  readonly result?: JsonValue;
  readonly resultPath?: string | null;
  readonly next?: string;
}

export interface WaitState extends Common {
  readonly kind: 'wait';
  readonly seconds: number;
  readonly next?: string;
}

export interface ChoiceRule {
  readonly condition: Condition;
  /** Left open by a pattern when the rule continues to whatever is chained after it. */
  readonly next?: string;
}

export interface ChoiceState extends Common {
  readonly kind: 'choice';
  readonly rules: readonly ChoiceRule[];
  readonly otherwise?: string;
}

/** One branch of a Parallel state: a graph of its own, whose transitions stay inside it. */
export interface Branch {
  readonly startAt: string;
  readonly states: readonly State[];
}

export interface ParallelState extends Common {
  readonly kind: 'parallel';
  readonly branches: readonly Branch[];
  readonly resultSelector?: JsonObject;
  readonly resultPath?: string | null;
  readonly retry: readonly Retrier[];
  readonly catch: readonly Catcher[];
  readonly next?: string;
}

/**
 * A Map state: runs its item processor once per item of the array at `itemsPath` (inline mode),
 * at most `maxConcurrency` at a time (1: one after another, in order). The processor is a graph of
 * its own, as a Parallel branch is; `itemSelector` builds each iteration's input (`$$.Map.Item.Value`).
 */
export interface MapState extends Common {
  readonly kind: 'map';
  readonly itemProcessor: Branch;
  readonly itemsPath?: string;
  readonly itemSelector?: JsonObject;
  /** 0: no limit. */
  readonly maxConcurrency: number;
  readonly resultPath?: string | null;
  readonly retry: readonly Retrier[];
  readonly catch: readonly Catcher[];
  readonly next?: string;
}

export interface SucceedState extends Common {
  readonly kind: 'succeed';
}

/** Error and cause are each either literal or a path (ErrorPath/CausePath) into the input. */
export interface FailState extends Common {
  readonly kind: 'fail';
  readonly error?: string;
  readonly errorPath?: string;
  readonly cause?: string;
  readonly causePath?: string;
}

export type State =
  | TaskState
  | PassState
  | WaitState
  | ChoiceState
  | ParallelState
  | MapState
  | SucceedState
  | FailState;
export type StateKind = State['kind'];

// ---------------------------------------------------------------- eager checks

/** Step Functions' limit on state names. */
export const MAX_STATE_NAME_LENGTH = 80;

function checkName(name: string): void {
  if (name.trim() === '') throw new StateDefinitionError(name, 'a state needs a non-blank name');
  if ([...name].length > MAX_STATE_NAME_LENGTH) {
    throw new StateDefinitionError(name, `the name is longer than ${MAX_STATE_NAME_LENGTH} characters`);
  }
}

function checkErrorList(
  state: string,
  what: string,
  rules: readonly { readonly errors: readonly string[] }[],
): void {
  rules.forEach((rule, i) => {
    if (rule.errors.length === 0) throw new StateDefinitionError(state, `${what}[${i}] matches no error`);
    // The States Language requires the wildcard to stand alone in the last rule.
    if (rule.errors.includes('States.ALL') && (rule.errors.length > 1 || i !== rules.length - 1)) {
      throw new StateDefinitionError(state, `${what}[${i}]: States.ALL must be alone, in the last rule`);
    }
  });
}

function checkRetry(state: string, retry: readonly Retrier[]): void {
  checkErrorList(state, 'Retry', retry);
  retry.forEach((r, i) => {
    if (!Number.isInteger(r.intervalSeconds) || r.intervalSeconds < 1) {
      throw new StateDefinitionError(
        state,
        `Retry[${i}]: IntervalSeconds must be a whole number of at least 1`,
      );
    }
    if (!Number.isInteger(r.maxAttempts) || r.maxAttempts < 0) {
      throw new StateDefinitionError(state, `Retry[${i}]: MaxAttempts must be a whole number of at least 0`);
    }
    if (r.backoffRate < 1)
      throw new StateDefinitionError(state, `Retry[${i}]: BackoffRate must be at least 1.0`);
  });
}

function freezeRules<T extends object>(rules: readonly T[] | undefined): readonly T[] {
  return Object.freeze((rules ?? []).map((r) => Object.freeze({ ...r })));
}

/** Drops keys whose value is undefined, so optional fields stay absent under exactOptionalPropertyTypes. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------- factories

type Spec<T extends State> = Omit<T, 'kind' | 'name'>;
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export function task(name: string, spec: Optional<Spec<TaskState>, 'retry' | 'catch' | 'grants'>): TaskState {
  checkName(name);
  if (spec.resource === '') throw new StateDefinitionError(name, 'a Task needs a Resource');
  if (
    spec.timeoutSeconds !== undefined &&
    (!Number.isInteger(spec.timeoutSeconds) || spec.timeoutSeconds < 1)
  ) {
    throw new StateDefinitionError(name, 'TimeoutSeconds must be a whole number of at least 1');
  }
  checkRetry(name, spec.retry ?? []);
  checkErrorList(name, 'Catch', spec.catch ?? []);
  return Object.freeze(
    defined({
      ...spec,
      kind: 'task' as const,
      name,
      retry: freezeRules(spec.retry),
      catch: freezeRules(spec.catch),
      grants: Object.freeze([...(spec.grants ?? [])]),
    }),
  );
}

export function pass(name: string, spec: Spec<PassState> = {}): PassState {
  checkName(name);
  if (spec.parameters !== undefined && spec.result !== undefined) {
    throw new StateDefinitionError(name, 'a Pass state takes Parameters or Result, not both');
  }
  return Object.freeze(defined({ ...spec, kind: 'pass' as const, name }));
}

export function wait(name: string, spec: Spec<WaitState>): WaitState {
  checkName(name);
  if (!Number.isInteger(spec.seconds) || spec.seconds < 0) {
    throw new StateDefinitionError(name, 'Seconds must be a whole number of at least 0');
  }
  return Object.freeze(defined({ ...spec, kind: 'wait' as const, name }));
}

export function choice(name: string, spec: Spec<ChoiceState>): ChoiceState {
  checkName(name);
  if (spec.rules.length === 0) throw new StateDefinitionError(name, 'a Choice state needs at least one rule');
  return Object.freeze(defined({ ...spec, kind: 'choice' as const, name, rules: freezeRules(spec.rules) }));
}

export function parallel(
  name: string,
  spec: Optional<Spec<ParallelState>, 'retry' | 'catch'>,
): ParallelState {
  checkName(name);
  if (spec.branches.length === 0)
    throw new StateDefinitionError(name, 'a Parallel state needs at least one branch');
  checkRetry(name, spec.retry ?? []);
  checkErrorList(name, 'Catch', spec.catch ?? []);
  const branches = Object.freeze(
    spec.branches.map((b) => Object.freeze({ startAt: b.startAt, states: Object.freeze([...b.states]) })),
  );
  return Object.freeze(
    defined({
      ...spec,
      kind: 'parallel' as const,
      name,
      branches,
      retry: freezeRules(spec.retry),
      catch: freezeRules(spec.catch),
    }),
  );
}

export function map(
  name: string,
  spec: Optional<Spec<MapState>, 'retry' | 'catch' | 'maxConcurrency'>,
): MapState {
  checkName(name);
  const concurrency = spec.maxConcurrency ?? 0;
  if (!Number.isInteger(concurrency) || concurrency < 0)
    throw new StateDefinitionError(name, 'MaxConcurrency must be a whole number, 0 for no limit');
  checkRetry(name, spec.retry ?? []);
  checkErrorList(name, 'Catch', spec.catch ?? []);
  const { startAt, states } = spec.itemProcessor;
  return Object.freeze(
    defined({
      ...spec,
      kind: 'map' as const,
      name,
      itemProcessor: Object.freeze({ startAt, states: Object.freeze([...states]) }),
      maxConcurrency: concurrency,
      retry: freezeRules(spec.retry),
      catch: freezeRules(spec.catch),
    }),
  );
}

/** The graphs nested in a state: a Parallel's branches, a Map's item processor. */
export const nestedBranches = (s: State): readonly Branch[] =>
  s.kind === 'parallel' ? s.branches : s.kind === 'map' ? [s.itemProcessor] : [];

export function succeed(name: string, spec: Spec<SucceedState> = {}): SucceedState {
  checkName(name);
  return Object.freeze(defined({ ...spec, kind: 'succeed' as const, name }));
}

export function fail(name: string, spec: Spec<FailState> = {}): FailState {
  checkName(name);
  if (spec.error !== undefined && spec.errorPath !== undefined) {
    throw new StateDefinitionError(name, 'a Fail state takes Error or ErrorPath, not both');
  }
  if (spec.cause !== undefined && spec.causePath !== undefined) {
    throw new StateDefinitionError(name, 'a Fail state takes Cause or CausePath, not both');
  }
  return Object.freeze(defined({ ...spec, kind: 'fail' as const, name }));
}
