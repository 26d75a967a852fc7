import type { JsonValue } from './types.js';

export interface StateRef {
  readonly name: string;
  readonly type: string;
  readonly resource?: string;
  readonly retryable: boolean;
}

type StatesObject = Record<
  string,
  { Type?: string; Resource?: string; Retry?: unknown[] } & Record<string, JsonValue>
>;

/** Every state of a definition, including those inside Parallel branches and Map processors. */
export function walkStates(definition: JsonValue): StateRef[] {
  const out: StateRef[] = [];
  const visit = (machine: unknown) => {
    const states = (machine as { States?: StatesObject } | null)?.States;
    if (states === undefined) return;
    for (const [name, state] of Object.entries(states)) {
      out.push({
        name,
        type: state.Type ?? '',
        ...(typeof state.Resource === 'string' ? { resource: state.Resource } : {}),
        retryable: Array.isArray(state.Retry) && state.Retry.length > 0,
      });
      for (const branch of (state.Branches as unknown[] | undefined) ?? []) visit(branch);
      visit(state.Iterator);
      visit(state.ItemProcessor);
    }
  };
  visit(definition);
  return out;
}
