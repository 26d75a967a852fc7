/**
 * States → ASL JSON, one renderer per state kind (CDK's `toStateJson()`, as a dispatch table so a
 * new kind fails to compile until it renders). Pure: the same node always renders the same JSON.
 */
import { renderCondition } from './conditions.js';
import type { JsonObject, JsonValue } from './json.js';
import type { Branch, Catcher, Retrier, State, StateKind } from './states.js';

export type AslState = JsonObject;

/** Keys with undefined values are left out, so optional fields never render as `undefined`. */
function compact(fields: Record<string, JsonValue | undefined>): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}

const renderRetry = (retry: readonly Retrier[]): JsonValue | undefined =>
  retry.length === 0
    ? undefined
    : retry.map((r) => ({
        ErrorEquals: [...r.errors],
        IntervalSeconds: r.intervalSeconds,
        MaxAttempts: r.maxAttempts,
        BackoffRate: r.backoffRate,
      }));

const renderCatch = (catchers: readonly Catcher[]): JsonValue | undefined =>
  catchers.length === 0
    ? undefined
    : catchers.map((c) => compact({ ErrorEquals: [...c.errors], Next: c.next, ResultPath: c.resultPath }));

/** `Next` when the state continues, `End: true` when it ends its machine or branch. */
const transition = (next: string | undefined): JsonObject =>
  next === undefined ? { End: true } : { Next: next };

/** A state list as the `States` object of a machine or branch. */
export function renderStates(states: readonly State[]): JsonObject {
  return Object.fromEntries(states.map((s) => [s.name, renderState(s)]));
}

export const renderBranch = (b: Branch): JsonObject => ({
  StartAt: b.startAt,
  States: renderStates(b.states),
});

const RENDER: { readonly [K in StateKind]: (s: Extract<State, { kind: K }>) => AslState } = {
  task: (s) =>
    compact({
      Type: 'Task',
      Comment: s.comment,
      Resource: s.resource,
      Parameters: s.parameters,
      ResultSelector: s.resultSelector,
      ResultPath: s.resultPath,
      TimeoutSeconds: s.timeoutSeconds,
      Retry: renderRetry(s.retry),
      Catch: renderCatch(s.catch),
      ...transition(s.next),
    }),
  pass: (s) =>
    compact({
      Type: 'Pass',
      Comment: s.comment,
      Parameters: s.parameters,
      Result: s.result,
      ResultPath: s.resultPath,
      ...transition(s.next),
    }),
  wait: (s) => compact({ Type: 'Wait', Comment: s.comment, Seconds: s.seconds, ...transition(s.next) }),
  choice: (s) =>
    compact({
      Type: 'Choice',
      Comment: s.comment,
      // An open rule has no target yet; validation reports it before anything is rendered for AWS.
      Choices: s.rules.map((r) => compact({ ...renderCondition(r.condition), Next: r.next })),
      Default: s.otherwise,
    }),
  parallel: (s) =>
    compact({
      Type: 'Parallel',
      Comment: s.comment,
      Branches: s.branches.map(renderBranch),
      ResultSelector: s.resultSelector,
      ResultPath: s.resultPath,
      Retry: renderRetry(s.retry),
      Catch: renderCatch(s.catch),
      ...transition(s.next),
    }),
  map: (s) =>
    compact({
      Type: 'Map',
      Comment: s.comment,
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...renderBranch(s.itemProcessor) },
      ItemsPath: s.itemsPath,
      ItemSelector: s.itemSelector,
      MaxConcurrency: s.maxConcurrency,
      ResultPath: s.resultPath,
      Retry: renderRetry(s.retry),
      Catch: renderCatch(s.catch),
      ...transition(s.next),
    }),
  succeed: (s) => compact({ Type: 'Succeed', Comment: s.comment }),
  fail: (s) =>
    compact({
      Type: 'Fail',
      Comment: s.comment,
      Error: s.error,
      ErrorPath: s.errorPath,
      Cause: s.cause,
      CausePath: s.causePath,
    }),
};

/** One state as its ASL JSON (the value under its name in `States`). */
export function renderState(state: State): AslState {
  return (RENDER[state.kind] as (s: State) => AslState)(state);
}
