/**
 * The stages every pipeline of this repository deploys to. `local` is what the simulator runs;
 * dev and prod are real accounts. Edit prod here: account, region, bucket, warehouse target, subscribers.
 */
import { LOCAL_STAGE, redshiftServerless, type Stage, stage } from '../core/index.js';

export const dev: Stage = stage({
  name: 'dev',
  account: '111111111111',
  region: 'eu-west-1',
  bucket: 'lakeline-dev-data',
  warehouse: redshiftServerless({
    workgroup: 'lakeline-dev',
    database: 'analytics',
    secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:lakeline/dev/redshift',
    copyRoleName: 'lakeline-dev-redshift-copy',
  }),
  subscriptions: [{ protocol: 'email', endpoint: 'data-alerts-dev@example.com' }],
  scheduleEnabled: false,
});

export const prod: Stage = stage({
  name: 'prod',
  account: '222222222222',
  region: 'eu-west-1',
  bucket: 'lakeline-prod-data',
  warehouse: redshiftServerless({
    workgroup: 'lakeline-prod',
    database: 'analytics',
    secretArn: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:lakeline/prod/redshift',
    copyRoleName: 'lakeline-prod-redshift-copy',
  }),
  subscriptions: [{ protocol: 'email', endpoint: 'data-alerts@example.com' }],
  scheduleEnabled: true,
  tags: { 'cost-center': 'analytics' },
});

export const stages: readonly Stage[] = [LOCAL_STAGE, dev, prod];
