/**
 * The AWS SDK v3 packages deploy uses, loaded in this one place with require. Each client is a
 * CommonJS bundle of about half a megabyte; imported from an ES module, Node first scans its whole
 * source for export names, which made `plan` and `deploy` take a second or more to start. Types
 * are imported from the packages as usual.
 */
import { createRequire } from 'node:module';
import type * as Glue from '@aws-sdk/client-glue';
import type * as Iam from '@aws-sdk/client-iam';
import type * as LakeFormation from '@aws-sdk/client-lakeformation';
import type * as Lambda from '@aws-sdk/client-lambda';
import type * as RdsData from '@aws-sdk/client-rds-data';
import type * as RedshiftData from '@aws-sdk/client-redshift-data';
import type * as S3 from '@aws-sdk/client-s3';
import type * as Scheduler from '@aws-sdk/client-scheduler';
import type * as Sfn from '@aws-sdk/client-sfn';
import type * as Sns from '@aws-sdk/client-sns';

const load = createRequire(import.meta.url);

export const glue = load('@aws-sdk/client-glue') as typeof Glue;
export const iam = load('@aws-sdk/client-iam') as typeof Iam;
export const lakeFormation = load('@aws-sdk/client-lakeformation') as typeof LakeFormation;
export const rdsData = load('@aws-sdk/client-rds-data') as typeof RdsData;
export const lambda = load('@aws-sdk/client-lambda') as typeof Lambda;
export const redshiftData = load('@aws-sdk/client-redshift-data') as typeof RedshiftData;
export const s3 = load('@aws-sdk/client-s3') as typeof S3;
export const scheduler = load('@aws-sdk/client-scheduler') as typeof Scheduler;
export const sfn = load('@aws-sdk/client-sfn') as typeof Sfn;
export const sns = load('@aws-sdk/client-sns') as typeof Sns;
