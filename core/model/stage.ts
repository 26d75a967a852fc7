/**
 * Where a pipeline runs: one AWS account and region, one bucket, one warehouse target
 * (core/targets). Secrets are referenced by ARN, never written into artifacts.
 */
import { type RedshiftTarget, redshiftServerless, type WarehouseTarget } from '../targets/index.js';

export interface Subscription {
  readonly protocol: 'email' | 'sms' | 'https' | 'sqs' | 'lambda';
  readonly endpoint: string;
}

export interface Stage {
  readonly kind: 'stage';
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly bucket: string;
  /** The warehouse the stage's pipelines load. */
  readonly warehouse: WarehouseTarget;
  readonly subscriptions: readonly Subscription[];
  readonly scheduleEnabled: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export function stage(spec: {
  name: string;
  account: string;
  region: string;
  bucket: string;
  /** The warehouse target (core/targets). */
  warehouse?: WarehouseTarget;
  /** The earlier spelling of a Redshift target, still read: `redshift: { workgroup, database, … }`. */
  redshift?: Omit<RedshiftTarget, 'kind'>;
  subscriptions?: readonly Subscription[];
  scheduleEnabled?: boolean;
  tags?: Record<string, string>;
}): Stage {
  return Object.freeze({
    kind: 'stage',
    name: spec.name,
    account: spec.account,
    region: spec.region,
    bucket: spec.bucket,
    warehouse: warehouseOf(spec),
    subscriptions: Object.freeze([...(spec.subscriptions ?? [])]),
    scheduleEnabled: spec.scheduleEnabled ?? false,
    tags: Object.freeze({ ...(spec.tags ?? {}) }),
  });
}

function warehouseOf(spec: {
  name: string;
  warehouse?: WarehouseTarget;
  redshift?: Omit<RedshiftTarget, 'kind'>;
}) {
  if (spec.warehouse !== undefined && spec.redshift !== undefined)
    throw new Error(`stage ${spec.name}: give its warehouse once, as \`warehouse\` (not also \`redshift\`)`);
  if (spec.warehouse !== undefined) return spec.warehouse;
  if (spec.redshift !== undefined) return Object.freeze({ kind: 'redshift' as const, ...spec.redshift });
  throw new Error(`stage ${spec.name}: name its warehouse target, e.g. warehouse: redshiftServerless({ … })`);
}

/** The stage the simulator runs: a fake account, a local bucket, the embedded warehouse. */
export const LOCAL_STAGE: Stage = stage({
  name: 'local',
  account: '000000000000',
  region: 'us-east-1',
  bucket: 'lakeline-local',
  warehouse: redshiftServerless({
    workgroup: 'lakeline-local',
    database: 'dev',
    copyRoleName: 'lakeline-local-redshift-copy',
  }),
});
