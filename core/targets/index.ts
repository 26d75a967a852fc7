/**
 * The warehouse target kinds a stage may name, one module each. Adding a kind is a new module and
 * a line in each of `WarehouseTarget` and `TARGET_KINDS`; the compiler then lists what it is
 * missing here and in the other tables of kinds (the state machine's loaders, deploy's resources).
 */
import { type PostgresTarget, postgresTargetKind } from './postgres.js';
import { type RedshiftTarget, redshiftTargetKind } from './redshift.js';
import type { TargetKind } from './target-kind.js';

export type WarehouseTarget = RedshiftTarget | PostgresTarget;
export type TargetKindName = WarehouseTarget['kind'];

export const TARGET_KINDS: {
  readonly [K in TargetKindName]: TargetKind<Extract<WarehouseTarget, { kind: K }>>;
} = {
  redshift: redshiftTargetKind,
  postgres: postgresTargetKind,
};

export const targetKindOf = <T extends WarehouseTarget>(target: T): TargetKind<T> =>
  TARGET_KINDS[target.kind] as unknown as TargetKind<T>;

export { auroraPostgres, type PostgresTarget } from './postgres.js';
export { type RedshiftTarget, redshiftCluster, redshiftServerless } from './redshift.js';
export type { LoadStatement, TargetDialect, TargetKind, TargetNode } from './target-kind.js';
