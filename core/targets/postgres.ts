/**
 * PostgreSQL on Amazon Aurora, reached through the RDS Data API: deploy sends the set-up files
 * statement by statement in one transaction per file, and the state machine's load opens a
 * transaction, imports each dataset's CSV export files with the `aws_s3` extension (Aurora imports
 * CSV or text from S3, not Parquet: the jobs whose output it loads write a CSV copy beside their
 * Parquet, `JobPlan.output.export`), runs the merges and commits, rolling back on any failure.
 * The simulator serves the RDS Data API over its local warehouse and stands in for `aws_s3`.
 *
 * Amazon RDS for PostgreSQL (not Aurora) has no Data API; reaching it through a migration task in
 * the VPC is not built yet.
 */
import type { TargetKind } from './target-kind.js';

export interface PostgresTarget {
  readonly kind: 'postgres';
  /** Aurora PostgreSQL with the Data API enabled. */
  readonly service: 'aurora';
  /** The DB cluster's ARN, which the Data API calls `resourceArn`. */
  readonly clusterArn: string;
  /** Secrets Manager ARN of the database credentials (the Data API requires one). */
  readonly secretArn: string;
  readonly database: string;
  /**
   * IAM role the cluster assumes to import from the processed layer (the `s3Import` feature of
   * the cluster; name, ARN built with the account).
   */
  readonly importRoleName: string;
}

export const auroraPostgres = (spec: Omit<PostgresTarget, 'kind' | 'service'>): PostgresTarget =>
  Object.freeze({ kind: 'postgres', service: 'aurora', ...spec });

const CLUSTER_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:[a-zA-Z][a-zA-Z0-9-]{0,62}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:/;

export const postgresTargetKind: TargetKind<PostgresTarget> = {
  kind: 'postgres',
  dialect: 'postgres',
  reads: 'csv',
  validate: (target, path, report) => {
    if (target.service !== 'aurora') {
      report(
        [...path, 'service'],
        `is '${String(target.service)}'; only 'aurora' (through the RDS Data API) is built`,
        'use auroraPostgres({ clusterArn, secretArn, database, importRoleName })',
      );
    }
    if (!CLUSTER_ARN.test(target.clusterArn)) {
      report(
        [...path, 'clusterArn'],
        `is not an Aurora DB cluster ARN: ${JSON.stringify(target.clusterArn)}`,
        'write arn:aws:rds:<region>:<account>:cluster:<name>',
      );
    }
    if (!SECRET_ARN.test(target.secretArn)) {
      report([...path, 'secretArn'], 'is not a Secrets Manager ARN', 'reference the secret by its ARN');
    }
    if (!/^[a-zA-Z_][a-zA-Z0-9_$]{0,62}$/.test(target.database)) {
      report(
        [...path, 'database'],
        `is not a PostgreSQL database name: ${JSON.stringify(target.database)}`,
        'use letters, digits and _',
      );
    }
  },
  apiTarget: (target) => ({
    resourceArn: target.clusterArn,
    secretArn: target.secretArn,
    database: target.database,
  }),
};
