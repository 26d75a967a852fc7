/**
 * How a warehouse target kind runs a load in the state machine: the states that send the load
 * statements (in the target's dialect) to it and wait for them, with their Retry, Catch and IAM.
 */
import type { LoadStatement, Stage, TargetDialect, WarehouseTarget } from '../../core/index.js';
import type { Chain } from '../chain.js';
import type { FailureRoute } from '../patterns/failure.js';

export interface LoadSpec {
  /** Names the states: `Start warehouse load`, … */
  readonly label: string;
  /** The statement name the target's API records. */
  readonly statementName: string;
  /** The load, in the target's dialect, one statement each, run as one transaction. */
  readonly statements: readonly LoadStatement[];
  readonly stage: Stage;
  readonly failure: FailureRoute;
}

export interface TargetLoader<T extends WarehouseTarget> {
  readonly dialect: TargetDialect;
  readonly loadStates: (target: T, spec: LoadSpec) => Chain;
}
