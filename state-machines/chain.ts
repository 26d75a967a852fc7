/**
 * Chaining, CDK's `a.next(b)` for immutable states: a Chain is a start state plus the states it
 * holds and the names of those with an open exit (a Task without Next, a Choice rule left open).
 * `chain(a, b, c)` connects each part's open exits to the next part's start.
 */
import { StateDefinitionError } from './errors.js';
import type { Branch, ChoiceState, State, StateKind } from './states.js';

export interface Chain {
  readonly kind: 'chain';
  readonly startAt: string;
  readonly states: readonly State[];
  /** States whose exit is still open; `next()` connects them. */
  readonly ends: readonly string[];
}

/** The names a state can transition to, each with where it was declared (for messages). */
export interface Transition {
  readonly field: string;
  readonly target: string;
}

type Open = (state: State) => boolean;
type Connect = (state: State, target: string) => State;
type Targets = (state: State) => Transition[];

const single = (s: State & { readonly next?: string }): boolean => s.next === undefined;
const choiceOpen = (s: ChoiceState): boolean =>
  s.otherwise === undefined || s.rules.some((r) => r.next === undefined);

const OPEN: { readonly [K in StateKind]: (s: Extract<State, { kind: K }>) => boolean } = {
  task: single,
  pass: single,
  wait: single,
  parallel: single,
  map: single,
  choice: choiceOpen,
  succeed: () => false,
  fail: () => false,
};

const CONNECT: { readonly [K in StateKind]: (s: Extract<State, { kind: K }>, target: string) => State } = {
  task: (s, target) => Object.freeze({ ...s, next: s.next ?? target }),
  pass: (s, target) => Object.freeze({ ...s, next: s.next ?? target }),
  wait: (s, target) => Object.freeze({ ...s, next: s.next ?? target }),
  parallel: (s, target) => Object.freeze({ ...s, next: s.next ?? target }),
  map: (s, target) => Object.freeze({ ...s, next: s.next ?? target }),
  choice: (s, target) =>
    Object.freeze({
      ...s,
      rules: Object.freeze(
        s.rules.map((r) => (r.next === undefined ? Object.freeze({ ...r, next: target }) : r)),
      ),
      otherwise: s.otherwise ?? target,
    }),
  succeed: (s) => {
    throw new StateDefinitionError(s.name, 'a Succeed state ends its machine; nothing can follow it');
  },
  fail: (s) => {
    throw new StateDefinitionError(s.name, 'a Fail state ends its machine; nothing can follow it');
  },
};

const catchTargets = (s: { readonly catch: readonly { readonly next: string }[] }): Transition[] =>
  s.catch.map((c, i) => ({ field: `Catch[${i}].Next`, target: c.next }));
const nextTarget = (s: { readonly next?: string }): Transition[] =>
  s.next === undefined ? [] : [{ field: 'Next', target: s.next }];

const TARGETS: { readonly [K in StateKind]: (s: Extract<State, { kind: K }>) => Transition[] } = {
  task: (s) => [...nextTarget(s), ...catchTargets(s)],
  pass: nextTarget,
  wait: nextTarget,
  parallel: (s) => [...nextTarget(s), ...catchTargets(s)],
  map: (s) => [...nextTarget(s), ...catchTargets(s)],
  choice: (s) => [
    ...s.rules.flatMap((r, i) =>
      r.next === undefined ? [] : [{ field: `Choices[${i}].Next`, target: r.next }],
    ),
    ...(s.otherwise === undefined ? [] : [{ field: 'Default', target: s.otherwise }]),
  ],
  succeed: () => [],
  fail: () => [],
};

/** True when the state still has an exit to connect (or, unconnected, would end its machine). */
export const isOpen: Open = (state) => (OPEN[state.kind] as Open)(state);

/** Where a state can go next: Next, Choice targets, Default and Catch targets. */
export const transitions: Targets = (state) => (TARGETS[state.kind] as Targets)(state);

/** The state with its open exits connected to `target`; exits already set are kept. */
export const next: Connect = (state, target) => (CONNECT[state.kind] as Connect)(state, target);

/** A chain of one state. */
export function chainOf(state: State): Chain {
  return Object.freeze({
    kind: 'chain',
    startAt: state.name,
    states: Object.freeze([state]),
    ends: Object.freeze(isOpen(state) ? [state.name] : []),
  });
}

const asChain = (part: State | Chain): Chain => (part.kind === 'chain' ? part : chainOf(part));

/**
 * Joins states and chains in order. States that are only reachable through Catch (failure
 * handlers) are added with `including()`, so they take no part in the sequence.
 */
export function chain(...parts: readonly (State | Chain)[]): Chain {
  const [first, ...rest] = parts.map(asChain);
  if (first === undefined) throw new Error('chain() needs at least one state');
  return rest.reduce((a, b) => {
    if (a.ends.length === 0) {
      const last = a.states[a.states.length - 1]?.name ?? a.startAt;
      throw new StateDefinitionError(b.startAt, `cannot follow "${last}": that chain has no open exit`);
    }
    const open = new Set(a.ends);
    const states = a.states.map((s) => (open.has(s.name) ? next(s, b.startAt) : s));
    return Object.freeze({
      kind: 'chain' as const,
      startAt: a.startAt,
      states: Object.freeze([...states, ...b.states]),
      ends: b.ends,
    });
  }, first);
}

/** Adds states reached only through Catch or Choice targets by name; the chain's ends are unchanged. */
export function including(base: Chain, ...extra: readonly (State | Chain)[]): Chain {
  return Object.freeze({
    ...base,
    states: Object.freeze([...base.states, ...extra.flatMap((e) => asChain(e).states)]),
  });
}

/** A Parallel branch from a state or chain. */
export function branch(part: State | Chain): Branch {
  const c = asChain(part);
  return Object.freeze({ startAt: c.startAt, states: c.states });
}
