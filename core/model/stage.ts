/**
 * Where a pipeline runs: one AWS account and region, one bucket, one Redshift endpoint.
 * Secrets are referenced by ARN, never written into artifacts.
 */
export interface Subscription {
  readonly protocol: 'email' | 'sms' | 'https' | 'sqs' | 'lambda';
  readonly endpoint: string;
}

export interface RedshiftTarget {
  /** Redshift Serverless workgroup; exactly one of `workgroup` and `clusterIdentifier`. */
  readonly workgroup?: string;
  readonly clusterIdentifier?: string;
  readonly database: string;
  /** Secrets Manager ARN of the database credentials. */
  readonly secretArn?: string;
  /** IAM role Redshift assumes to COPY from the processed prefix (name; ARN built with the account). */
  readonly copyRoleName: string;
}

export interface Stage {
  readonly kind: 'stage';
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly bucket: string;
  readonly redshift: RedshiftTarget;
  readonly subscriptions: readonly Subscription[];
  readonly scheduleEnabled: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export function stage(spec: {
  name: string;
  account: string;
  region: string;
  bucket: string;
  redshift: RedshiftTarget;
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
    redshift: Object.freeze({ ...spec.redshift }),
    subscriptions: Object.freeze([...(spec.subscriptions ?? [])]),
    scheduleEnabled: spec.scheduleEnabled ?? false,
    tags: Object.freeze({ ...(spec.tags ?? {}) }),
  });
}

/** The stage the simulator runs: a fake account, a local bucket, the embedded warehouse. */
export const LOCAL_STAGE: Stage = stage({
  name: 'local',
  account: '000000000000',
  region: 'us-east-1',
  bucket: 'lakeline-local',
  redshift: { workgroup: 'lakeline-local', database: 'dev', copyRoleName: 'lakeline-local-redshift-copy' },
});
