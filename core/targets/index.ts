/**
 * The warehouse target kinds a stage may name, one module each. Adding a kind is a new module and
 * a line in each of `WarehouseTarget` and `TARGET_KINDS`; the compiler then lists what it is
 * missing here and in the other tables of kinds (the state machine's loaders, deploy's resources).
 */
import { type RedshiftTarget, redshiftTargetKind } from './redshift.js';
import type { TargetKind } from './target-kind.js';

export type WarehouseTarget = RedshiftTarget;
export type TargetKindName = WarehouseTarget['kind'];

export const TARGET_KINDS: {
  readonly [K in TargetKindName]: TargetKind<Extract<WarehouseTarget, { kind: K }>>;
} = {
  redshift: redshiftTargetKind,
};

export const targetKindOf = <T extends WarehouseTarget>(target: T): TargetKind<T> =>
  TARGET_KINDS[target.kind] as unknown as TargetKind<T>;

export { type RedshiftTarget, redshiftCluster, redshiftServerless } from './redshift.js';
export type { TargetDialect, TargetKind, TargetNode } from './target-kind.js';
