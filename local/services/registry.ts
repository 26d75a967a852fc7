/**
 * Which local service serves which Task resource. A Task is looked up by its Resource ARN, exactly
 * as Step Functions dispatches it; the table is the whole list of integrations the simulator serves.
 */
import type { ResolveTask, TaskHandler } from '../executor/types.js';
import type { LocalGlueCrawlers } from '../glue/crawlers/local-glue-crawlers.js';
import type { LocalGlueJobs } from '../glue/jobs.js';
import type { LocalLambda } from '../lambda/local-lambda.js';
import type { LocalRdsData } from '../rdsdata/index.js';
import type { LocalRedshiftData } from '../redshift/index.js';
import type { LocalS3 } from '../s3/local-s3.js';
import type { LocalSns } from '../sns/local-sns.js';
import { glueGetCrawler } from './glue-get-crawler.js';
import { glueGetJobRun } from './glue-get-job-run.js';
import { glueStartCrawler } from './glue-start-crawler.js';
import { glueStartJobRun, glueStartJobRunSync } from './glue-start-job-run.js';
import { httpInvoke } from './http-invoke.js';
import { lambdaInvoke } from './lambda-invoke.js';
import { rdsDataBatchExecuteStatement } from './rds-data-batch-execute-statement.js';
import { rdsDataBeginTransaction } from './rds-data-begin-transaction.js';
import { rdsDataCommitTransaction } from './rds-data-commit-transaction.js';
import { rdsDataExecuteStatement } from './rds-data-execute-statement.js';
import { rdsDataRollbackTransaction } from './rds-data-rollback-transaction.js';
import { redshiftDataBatchExecuteStatement } from './redshift-data-batch-execute-statement.js';
import { redshiftDataDescribeStatement } from './redshift-data-describe-statement.js';
import { redshiftDataExecuteStatement } from './redshift-data-execute-statement.js';
import { redshiftDataGetStatementResult } from './redshift-data-get-statement-result.js';
import { s3GetObject } from './s3-get-object.js';
import { s3ListObjectsV2 } from './s3-list-objects-v2.js';
import { s3PutObject } from './s3-put-object.js';
import { snsPublish } from './sns-publish.js';

/** What the Task handlers are served by: a subset of a simulated account (`local-services.ts`). */
export interface TaskServices {
  readonly s3: LocalS3;
  readonly sns: LocalSns;
  readonly crawlers: LocalGlueCrawlers;
  readonly jobs: LocalGlueJobs;
  readonly lambda: LocalLambda;
  /**
   * The warehouse, or its promise: a run's first states need no warehouse, so they can start while
   * it opens; a Redshift Data task waits for it.
   */
  readonly redshift: LocalRedshiftData | PromiseLike<LocalRedshiftData>;
  /** The RDS Data API over the same warehouse, or its promise; absent, its Tasks fail saying so. */
  readonly rdsData?: LocalRdsData | PromiseLike<LocalRdsData>;
}

export function serviceTable(services: TaskServices): Readonly<Record<string, TaskHandler>> {
  const { s3, sns, crawlers, jobs } = services;
  const redshift = services.redshift;
  const later =
    (make: (warehouse: LocalRedshiftData) => TaskHandler): TaskHandler =>
    async (input, invocation) =>
      make(await redshift)(input, invocation);
  const rdsLater =
    (make: (rds: LocalRdsData) => TaskHandler): TaskHandler =>
    async (input, invocation) => {
      if (services.rdsData === undefined) {
        throw new Error('this simulated account serves no RDS Data API (TaskServices.rdsData is not given)');
      }
      return make(await services.rdsData)(input, invocation);
    };
  return {
    'arn:aws:states:::aws-sdk:glue:startCrawler': glueStartCrawler(crawlers),
    'arn:aws:states:::aws-sdk:glue:getCrawler': glueGetCrawler(crawlers),
    'arn:aws:states:::glue:startJobRun.sync': glueStartJobRunSync(jobs),
    'arn:aws:states:::glue:startJobRun': glueStartJobRun(jobs),
    'arn:aws:states:::aws-sdk:glue:getJobRun': glueGetJobRun(jobs),
    'arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement': later(redshiftDataBatchExecuteStatement),
    'arn:aws:states:::aws-sdk:redshiftdata:executeStatement': later(redshiftDataExecuteStatement),
    'arn:aws:states:::aws-sdk:redshiftdata:describeStatement': later(redshiftDataDescribeStatement),
    'arn:aws:states:::aws-sdk:redshiftdata:getStatementResult': later(redshiftDataGetStatementResult),
    'arn:aws:states:::sns:publish': snsPublish(sns),
    'arn:aws:states:::aws-sdk:s3:getObject': s3GetObject(s3),
    'arn:aws:states:::aws-sdk:s3:putObject': s3PutObject(s3),
    'arn:aws:states:::http:invoke': httpInvoke,
    'arn:aws:states:::aws-sdk:rdsdata:beginTransaction': rdsLater(rdsDataBeginTransaction),
    'arn:aws:states:::aws-sdk:rdsdata:executeStatement': rdsLater(rdsDataExecuteStatement),
    'arn:aws:states:::aws-sdk:rdsdata:batchExecuteStatement': rdsLater(rdsDataBatchExecuteStatement),
    'arn:aws:states:::aws-sdk:rdsdata:commitTransaction': rdsLater(rdsDataCommitTransaction),
    'arn:aws:states:::aws-sdk:rdsdata:rollbackTransaction': rdsLater(rdsDataRollbackTransaction),
    'arn:aws:states:::aws-sdk:s3:listObjectsV2': s3ListObjectsV2(s3),
    'arn:aws:states:::lambda:invoke': lambdaInvoke(services.lambda),
  };
}

/** Resource ARNs may name a region and account (`arn:aws:states:us-east-1:…`); the service is the same. */
export function resolverFor(services: TaskServices): ResolveTask {
  const table = serviceTable(services);
  return (resource) => table[resource.replace(/^arn:aws:states:[^:]*:[^:]*:/, 'arn:aws:states:::')];
}
