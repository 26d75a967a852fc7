/**
 * What deploy creates a function from, besides its zip: CreateFunction's input without `Code`
 * (`lambda/<task>/function.json`), and the function's execution role, derived from what it
 * declares — its logs, the datasets it reads and writes, and its own grants.
 */
import {
  arn,
  type DatasetRef,
  type LambdaFunction,
  lambdaFunctionName,
  lambdaRoleName,
  type Pipeline,
  type PolicyStatement,
  type RoleDefinition,
  resourceTags,
  roleArn,
  roleDefinition,
  type Stage,
} from '../core/index.js';
import { BUNDLE_FILE } from './bundle.js';

/** CreateFunction's input without its code: what the tree's `function.json` holds. */
export interface FunctionConfig {
  readonly FunctionName: string;
  readonly Description: string;
  readonly Runtime: string;
  readonly Handler: string;
  readonly MemorySize: number;
  readonly Timeout: number;
  readonly Role: string;
  readonly Environment: { readonly Variables: Readonly<Record<string, string>> };
  readonly PackageType: 'Zip';
  readonly Architectures: readonly ['x86_64'];
  readonly Tags: Readonly<Record<string, string>>;
}

export function functionConfig(pipeline: Pipeline, stage: Stage, fn: LambdaFunction): FunctionConfig {
  return {
    FunctionName: lambdaFunctionName(pipeline, stage, fn),
    Description: `${fn.name} of ${pipeline.name} (${stage.name})`,
    Runtime: fn.runtime,
    Handler: `${BUNDLE_FILE.replace(/\.mjs$/, '')}.${fn.handler}`,
    MemorySize: fn.memoryMb,
    Timeout: fn.timeoutSeconds,
    Role: roleArn(stage, lambdaRoleName(pipeline, stage, fn)),
    Environment: { Variables: { ...fn.environment } },
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    Tags: resourceTags(pipeline.name, stage),
  };
}

const LAYER = { rawDataset: 'raw', processedDataset: 'processed' } as const;

function datasetStatements(pipeline: Pipeline, stage: Stage, fn: LambdaFunction): PolicyStatement[] {
  const bucket = `arn:aws:s3:::${stage.bucket}`;
  const prefix = (d: DatasetRef) => `${pipeline.name}/${LAYER[d.kind]}/${d.prefix}`;
  const objects = (ds: readonly DatasetRef[]) => ds.map((d) => `${bucket}/${prefix(d)}*`);
  const all = [...fn.reads, ...fn.writes];
  return [
    ...(fn.reads.length === 0
      ? []
      : [{ sid: 'ReadDatasets', actions: ['s3:GetObject'], resources: objects(fn.reads) }]),
    ...(fn.writes.length === 0
      ? []
      : [
          {
            sid: 'WriteDatasets',
            actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
            resources: objects(fn.writes),
          },
        ]),
    ...(all.length === 0
      ? []
      : [
          {
            sid: 'ListDatasets',
            actions: ['s3:ListBucket'],
            resources: [bucket],
            conditions: { StringLike: { 's3:prefix': [...new Set(all.map((d) => `${prefix(d)}*`))].sort() } },
          },
        ]),
  ];
}

export function functionRole(pipeline: Pipeline, stage: Stage, fn: LambdaFunction): RoleDefinition {
  const logGroup = `log-group:/aws/lambda/${lambdaFunctionName(pipeline, stage, fn)}`;
  return roleDefinition({
    name: lambdaRoleName(pipeline, stage, fn),
    description: `Runs the ${fn.name} function of ${pipeline.name} (${stage.name}): its logs and what it declares.`,
    service: 'lambda.amazonaws.com',
    policyName: 'lakeline-function',
    statements: [
      {
        sid: 'Logs',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [arn(stage, 'logs', logGroup), arn(stage, 'logs', `${logGroup}:*`)],
      },
      ...datasetStatements(pipeline, stage, fn),
      ...fn.grants,
    ],
    tags: resourceTags(pipeline.name, stage),
  });
}
