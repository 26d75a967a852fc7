/** The deploy resources of each warehouse target kind: a new kind fails to build here until it deploys. */
import type { TargetKindName } from '../../core/index.js';
import type { DeployContext } from '../context.js';
import type { Resource } from '../resource.js';
import { postgresResources } from './postgres.js';
import { type PollOptions, redshiftResources } from './redshift.js';

export const TARGET_RESOURCES: {
  readonly [K in TargetKindName]: (
    ctx: DeployContext,
    options: { readonly poll?: PollOptions },
  ) => Resource[];
} = {
  redshift: (ctx, options) => redshiftResources(ctx, options.poll),
  postgres: (ctx) => postgresResources(ctx),
};

/** The set-up SQL of whichever target the tree holds (each kind finds nothing in another's tree). */
export const warehouseResources = (
  ctx: DeployContext,
  options: { readonly poll?: PollOptions },
): Resource[] => Object.values(TARGET_RESOURCES).flatMap((resources) => resources(ctx, options));
