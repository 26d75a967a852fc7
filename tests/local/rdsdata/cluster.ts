/** The Aurora cluster and secret the RDS Data API tests name (any cluster ARN reaches the one local database). */
export const CLUSTER = {
  resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:invoicing',
  secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:invoicing-abc123',
  database: 'invoicing',
} as const;
