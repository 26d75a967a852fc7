/**
 * Whole-graph checks Step Functions would otherwise make at CreateStateMachine: unique names
 * (branches included), every Next/Default/Catch target exists in the same scope, every state is
 * reachable, and each machine or branch can end. All problems are collected in one pass.
 */
import { transitions } from './chain.js';
import type { StateProblem } from './errors.js';
import { type Branch, nestedBranches, type State } from './states.js';

interface Scope {
  readonly label: string;
  readonly startAt: string;
  readonly states: readonly State[];
}

function* allScopes(scope: Scope): Generator<Scope> {
  yield scope;
  for (const s of scope.states) {
    for (const [i, b] of nestedBranches(s).entries()) yield* allScopes(branchScope(s, i, b));
  }
}

const branchScope = (s: State, i: number, b: Branch): Scope => ({
  label: s.kind === 'map' ? `item processor of "${s.name}"` : `branch ${i + 1} of "${s.name}"`,
  startAt: b.startAt,
  states: b.states,
});

const ends = (s: State): boolean =>
  s.kind === 'succeed' || s.kind === 'fail' || (s.kind !== 'choice' && s.next === undefined);

function checkScope(
  scope: Scope,
  everywhere: ReadonlySet<string>,
  report: (state: string, problem: string) => void,
) {
  const here = new Map(scope.states.map((s) => [s.name, s]));
  if (!here.has(scope.startAt)) {
    report(scope.startAt, `StartAt of the ${scope.label} names no state of it`);
    return;
  }
  for (const s of scope.states) {
    if (s.kind === 'choice') {
      s.rules.forEach((r, i) => {
        if (r.next === undefined)
          report(s.name, `Choices[${i}] has no Next; chain something after the Choice`);
      });
    }
    for (const t of transitions(s)) {
      if (here.has(t.target)) continue;
      report(
        s.name,
        everywhere.has(t.target)
          ? `${t.field} "${t.target}" is outside the ${scope.label}; transitions cannot leave it`
          : `${t.field} "${t.target}" names no state`,
      );
    }
  }
  const reached = new Set<string>();
  const queue = [scope.startAt];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const s = here.get(name);
    if (s === undefined || reached.has(name)) continue;
    reached.add(name);
    queue.push(...transitions(s).map((t) => t.target));
  }
  for (const s of scope.states) {
    if (!reached.has(s.name))
      report(s.name, `is not reachable from StartAt "${scope.startAt}" of the ${scope.label}`);
  }
  if (!scope.states.some(ends)) report(scope.startAt, `the ${scope.label} has no state that ends it`);
}

export function validateStateMachine(startAt: string, states: readonly State[]): StateProblem[] {
  const problems: StateProblem[] = [];
  const report = (state: string, problem: string) => problems.push({ state, problem });
  const scopes = [...allScopes({ label: 'state machine', startAt, states })];
  const counts = new Map<string, number>();
  for (const scope of scopes) for (const s of scope.states) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  for (const [name, n] of counts) {
    if (n > 1)
      report(
        name,
        `the name is used by ${n} states; names must be unique in the whole machine, branches included`,
      );
  }
  const everywhere = new Set(counts.keys());
  for (const scope of scopes) checkScope(scope, everywhere, report);
  return problems;
}
