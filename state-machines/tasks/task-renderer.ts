/**
 * How a task kind renders itself into the state machine, as CDK's task constructs do: the states
 * it runs (with their Retry and Catch), the IAM each state declares (the role is derived from
 * them), the name of the Fail state that re-raises its error inside a Parallel branch, and how
 * long it may take at most (the machine-wide timeout is the sum over the levels).
 */
import type { LoadStatement, Pipeline, Stage, Task } from '../../core/index.js';
import type { Chain } from '../chain.js';
import type { FailureRoute } from '../patterns/failure.js';

export interface StateMachineInputs {
  /** The warehouse load, in order, as the warehouse generator gives it; empty without a warehouse. */
  readonly warehouseLoad: readonly LoadStatement[];
}

export interface TaskRenderContext {
  readonly pipeline: Pipeline;
  readonly stage: Stage;
  /** Where a failure of the task goes. */
  readonly failure: FailureRoute;
  readonly inputs: StateMachineInputs;
}

export interface TaskRenderer<T extends Task> {
  readonly toStates: (task: T, ctx: TaskRenderContext) => Chain;
  /** Inside a Parallel branch, the Fail state re-raising the task's error: `Job students failed`. */
  readonly failedState: (task: T) => string;
  /** At most how long the task runs, for the state machine's timeout. */
  readonly budgetSeconds: (task: T) => number;
}

/** A generous bound for a poll loop, only there so a stuck one cannot run for a year. */
export const POLL_BUDGET_SECONDS = 2 * 3600;
export const MARGIN_SECONDS = 15 * 60;
