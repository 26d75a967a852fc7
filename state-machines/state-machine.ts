/**
 * A whole state machine: validated when it is built, rendered to the ASL definition, and asked
 * for the IAM statements its Tasks declared so the role is derived rather than written by hand.
 */
import type { PolicyStatement } from '../core/index.js';
import { type Chain, chainOf } from './chain.js';
import { StateMachineValidationError } from './errors.js';
import type { JsonObject } from './json.js';
import { renderStates } from './render-state.js';
import { nestedBranches, type State, type TaskState } from './states.js';
import { validateStateMachine } from './validate-state-machine.js';

export interface StateMachine {
  readonly kind: 'stateMachine';
  readonly startAt: string;
  readonly states: readonly State[];
  readonly comment?: string;
  /** Upper bound for a whole execution; Step Functions fails it with States.Timeout past this. */
  readonly timeoutSeconds?: number;
}

/** Builds and validates a state machine; throws StateMachineValidationError naming every state at fault. */
export function stateMachine(
  definition: State | Chain,
  options: { readonly comment?: string; readonly timeoutSeconds?: number } = {},
): StateMachine {
  const c = definition.kind === 'chain' ? definition : chainOf(definition);
  const problems = validateStateMachine(c.startAt, c.states);
  if (
    options.timeoutSeconds !== undefined &&
    (!Number.isInteger(options.timeoutSeconds) || options.timeoutSeconds < 1)
  ) {
    problems.push({
      state: c.startAt,
      problem: 'the machine TimeoutSeconds must be a whole number of at least 1',
    });
  }
  if (problems.length > 0) throw new StateMachineValidationError(problems);
  return Object.freeze({
    kind: 'stateMachine',
    startAt: c.startAt,
    states: c.states,
    ...(options.comment === undefined ? {} : { comment: options.comment }),
    ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
  });
}

/** The ASL definition, as the tree's `artifactLayout.stateMachine` holds it. */
export function renderStateMachine(machine: StateMachine): JsonObject {
  return {
    ...(machine.comment === undefined ? {} : { Comment: machine.comment }),
    StartAt: machine.startAt,
    States: renderStates(machine.states),
    ...(machine.timeoutSeconds === undefined ? {} : { TimeoutSeconds: machine.timeoutSeconds }),
  };
}

/** Every state of the machine, those inside Parallel branches and Map processors included, in definition order. */
export function allStates(machine: { readonly states: readonly State[] }): State[] {
  return machine.states.flatMap((s) => [s, ...nestedBranches(s).flatMap((b) => allStates(b))]);
}

/**
 * What the state-machine role must allow: the union of what every Task declared, with the
 * resources of statements that grant the same actions under the same conditions merged, so four
 * jobs make one statement over four job ARNs rather than four statements.
 */
export function stateMachineGrants(machine: StateMachine): PolicyStatement[] {
  const merged = new Map<
    string,
    { actions: readonly string[]; resources: Set<string>; conditions?: PolicyStatement['conditions'] }
  >();
  const tasks = allStates(machine).filter((s): s is TaskState => s.kind === 'task');
  for (const grant of tasks.flatMap((t) => t.grants)) {
    const actions = [...new Set(grant.actions)].sort();
    const key = JSON.stringify([actions, grant.conditions ?? null]);
    const entry = merged.get(key);
    if (entry === undefined) {
      merged.set(key, {
        actions,
        resources: new Set(grant.resources),
        ...(grant.conditions === undefined ? {} : { conditions: grant.conditions }),
      });
    } else {
      for (const r of grant.resources) entry.resources.add(r);
    }
  }
  return [...merged.values()].map((m) => ({
    actions: m.actions,
    resources: [...m.resources].sort(),
    ...(m.conditions === undefined ? {} : { conditions: m.conditions }),
  }));
}
