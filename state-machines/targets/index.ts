/** One loader per warehouse target kind: a new kind fails to build here until it can be loaded. */
import type { TargetKindName, WarehouseTarget } from '../../core/index.js';
import { postgresLoader } from './postgres.js';
import { redshiftLoader } from './redshift.js';
import type { TargetLoader } from './target-loader.js';

export const TARGET_LOADERS: {
  readonly [K in TargetKindName]: TargetLoader<Extract<WarehouseTarget, { kind: K }>>;
} = {
  redshift: redshiftLoader,
  postgres: postgresLoader,
};

export const loaderOf = <T extends WarehouseTarget>(target: T): TargetLoader<T> =>
  TARGET_LOADERS[target.kind] as unknown as TargetLoader<T>;

export { packParts } from './redshift.js';
export type { LoadSpec, TargetLoader } from './target-loader.js';
