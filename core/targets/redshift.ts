/**
 * Amazon Redshift, Serverless (a workgroup) or provisioned (a cluster), reached through the
 * Redshift Data API: the state machine runs the load as one BatchExecuteStatement, deploy sends
 * the set-up files the same way, and the simulator serves the Data API over PostgreSQL.
 */
import type { TargetKind } from './target-kind.js';

export interface RedshiftTarget {
  readonly kind: 'redshift';
  /** Redshift Serverless workgroup; exactly one of `workgroup` and `clusterIdentifier`. */
  readonly workgroup?: string;
  readonly clusterIdentifier?: string;
  readonly database: string;
  /** Secrets Manager ARN of the database credentials. */
  readonly secretArn?: string;
  /** IAM role Redshift assumes to COPY from the processed prefix (name; ARN built with the account). */
  readonly copyRoleName: string;
}

type Common = Pick<RedshiftTarget, 'database' | 'secretArn' | 'copyRoleName'>;

export const redshiftServerless = (spec: Common & { workgroup: string }): RedshiftTarget =>
  Object.freeze({ kind: 'redshift', ...spec });

export const redshiftCluster = (spec: Common & { clusterIdentifier: string }): RedshiftTarget =>
  Object.freeze({ kind: 'redshift', ...spec });

export const redshiftTargetKind: TargetKind<RedshiftTarget> = {
  kind: 'redshift',
  dialect: 'redshift',
  reads: 'parquet',
  validate: (target, path, report) => {
    if ((target.workgroup === undefined) === (target.clusterIdentifier === undefined)) {
      report(
        path,
        'set exactly one of workgroup and clusterIdentifier',
        'name the Serverless workgroup or the cluster',
      );
    }
    if (target.secretArn !== undefined && !/^arn:aws[a-z-]*:secretsmanager:/.test(target.secretArn)) {
      report([...path, 'secretArn'], 'is not a Secrets Manager ARN', 'reference the secret by its ARN');
    }
  },
  apiTarget: (target) => ({
    Database: target.database,
    ...(target.workgroup === undefined ? {} : { WorkgroupName: target.workgroup }),
    ...(target.clusterIdentifier === undefined ? {} : { ClusterIdentifier: target.clusterIdentifier }),
    ...(target.secretArn === undefined ? {} : { SecretArn: target.secretArn }),
  }),
};
