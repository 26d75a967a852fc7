/**
 * Errors of the state builders. Each names the state at fault, because state names are what a
 * user sees in the console, in `run.json` and in `--fail "<State>=<Error>"`.
 */

/** A single state built with values Step Functions would refuse. Thrown by the factories, eagerly. */
export class StateDefinitionError extends Error {
  override readonly name = 'StateDefinitionError';
  constructor(
    readonly state: string,
    readonly problem: string,
  ) {
    super(`state "${state}": ${problem}`);
  }
}

export interface StateProblem {
  readonly state: string;
  readonly problem: string;
}

/** Everything wrong with an assembled state machine (dangling Next, duplicates…), reported at once. */
export class StateMachineValidationError extends Error {
  override readonly name = 'StateMachineValidationError';
  constructor(readonly problems: readonly StateProblem[]) {
    super(problems.map((p) => `state "${p.state}": ${p.problem}`).join('\n'));
  }
}
