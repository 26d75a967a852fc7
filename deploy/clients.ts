/**
 * The AWS SDK v3 clients deploy uses, for one region and, optionally, an AWS-compatible endpoint
 * (`lakeline local serve`, LocalStack, …). Throttling and transient errors are retried by the
 * SDK's standard retry strategy (exponential backoff with jitter); `maxAttempts` bounds it.
 */
import type { GlueClient } from '@aws-sdk/client-glue';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LakeFormationClient } from '@aws-sdk/client-lakeformation';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';

import { glue, iam, lakeFormation, lambda, rdsData, redshiftData, s3, scheduler, sfn, sns } from './sdk.js';

export interface Clients {
  readonly s3: S3Client;
  readonly iam: IAMClient;
  readonly glue: GlueClient;
  readonly sns: SNSClient;
  readonly redshiftData: RedshiftDataClient;
  readonly rdsData: RDSDataClient;
  readonly lakeFormation: LakeFormationClient;
  readonly sfn: SFNClient;
  readonly scheduler: SchedulerClient;
  readonly lambda: LambdaClient;
}

export interface ClientOptions {
  readonly region: string;
  /** An AWS-compatible endpoint instead of AWS's own, e.g. `http://127.0.0.1:4566`. */
  readonly endpoint?: string;
  /** Attempts per call, the first included (default 8): throttling is retried with backoff. */
  readonly maxAttempts?: number;
}

/**
 * Against an endpoint with no AWS credentials in the environment, fixed test credentials are used
 * (local endpoints accept any); against AWS, the SDK's default credential chain.
 */
export function createClients(options: ClientOptions): Clients {
  const hasCredentials = process.env.AWS_ACCESS_KEY_ID !== undefined || process.env.AWS_PROFILE !== undefined;
  const config = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 8,
    retryMode: 'standard',
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.endpoint !== undefined && !hasCredentials
      ? { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }
      : {}),
  };
  return {
    s3: new s3.S3Client({ ...config, forcePathStyle: options.endpoint !== undefined }),
    iam: new iam.IAMClient(config),
    glue: new glue.GlueClient(config),
    sns: new sns.SNSClient(config),
    redshiftData: new redshiftData.RedshiftDataClient(config),
    rdsData: new rdsData.RDSDataClient(config),
    lakeFormation: new lakeFormation.LakeFormationClient(config),
    sfn: new sfn.SFNClient(config),
    scheduler: new scheduler.SchedulerClient(config),
    lambda: new lambda.LambdaClient(config),
  };
}

export function destroyClients(clients: Clients): void {
  for (const client of Object.values(clients)) client.destroy();
}
