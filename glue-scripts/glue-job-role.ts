/**
 * The role the Glue jobs and crawlers of a pipeline run as, derived from what they touch: the
 * prefixes each job reads and writes, the catalog databases the crawlers fill, logs, metrics and
 * Data Quality publishing. No action is a wildcard; resources are as narrow as the services allow.
 */
import {
  arn,
  glueDatabase,
  type Layer,
  type Pipeline,
  type PolicyStatement,
  type RoleDefinition,
  resourceTags,
  roleDefinition,
  type Stage,
  stepKindOf,
  targetKindOf,
  warehouseLoads,
} from '../core/index.js';
import { glueRoleName } from './crawler-config.js';
import { RUNNER_SCRIPT } from './job-config.js';

interface Access {
  readonly read: string[];
  readonly write: string[];
}

/** Keys below the pipeline's folder of the bucket, e.g. `raw/students/`. */
const key = (layer: Layer, rest = ''): string => `${layer}/${rest}`;

/** What each job and crawler reads and writes, as key prefixes (a trailing `*` is added). */
function s3Access(pipeline: Pipeline, stage: Stage): Access {
  const exports = targetKindOf(stage.warehouse).reads === 'csv' ? pipeline.warehouse : undefined;
  const read = new Set<string>();
  const write = new Set<string>();
  read.add(key('scripts', RUNNER_SCRIPT));
  for (const job of pipeline.jobs) {
    read.add(key('plans', `${job.name}.json`));
    // A job reads a raw dataset, or another job's output in the processed layer.
    read.add(key(job.input.kind === 'rawDataset' ? 'raw' : 'processed', job.input.prefix));
    for (const step of job.steps) {
      // Other jobs' outputs a step reads (reference checks, lookups).
      for (const ref of stepKindOf(step).references?.(step, pipeline) ?? [])
        read.add(key('processed', ref.job.output.prefix));
      if (step.kind === 'quality') write.add(key('quality', `results/${step.ruleset}/`));
    }
    write.add(key('processed', job.output.prefix));
    // The CSV copy a warehouse that imports CSV loads from (plan: output.export).
    if (exports !== undefined && warehouseLoads(exports, job.output))
      write.add(key('export', job.output.prefix));
    write.add(key('quarantine', `${job.name}/`));
    write.add(key('runs', `*/${job.name}.json`));
    write.add(key('temp', `${job.name}/`));
    write.add(key('temp', `spark-ui/${job.name}/`));
  }
  for (const crawler of pipeline.crawlers) {
    for (const d of crawler.datasets) read.add(key(crawler.layer, d.prefix));
  }
  return { read: [...read].sort(), write: [...write].sort() };
}

export function glueJobRole(pipeline: Pipeline, stage: Stage): RoleDefinition {
  const bucket = `arn:aws:s3:::${stage.bucket}`;
  const objects = (prefixes: readonly string[]) =>
    prefixes.map((p) => `${bucket}/${pipeline.name}/${p}${p.endsWith('/') ? '*' : ''}`);
  const { read, write } = s3Access(pipeline, stage);
  // Spark lists a folder both as `x/` and as the bare `x` it checks for first.
  const listed = [...read, ...write].flatMap((p) => {
    const full = `${pipeline.name}/${p}`;
    return p.endsWith('/') ? [full.slice(0, -1), `${full}*`] : [full];
  });

  const databases = [
    ...new Set(pipeline.crawlers.map((c) => glueDatabase(pipeline.name, stage, c.layer))),
  ].sort();
  const hasQuality = pipeline.jobs.some((j) => j.steps.some((s) => s.kind === 'quality'));

  const statements: PolicyStatement[] = [
    { sid: 'ReadInputs', actions: ['s3:GetObject'], resources: objects(read) },
    {
      sid: 'WriteOutputs',
      // Spark's committers write under _temporary, read back, rename (copy + delete) and abort leftovers.
      actions: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      resources: objects(write),
    },
    {
      sid: 'ListPipelinePrefixes',
      actions: ['s3:ListBucket'],
      resources: [bucket],
      conditions: { StringLike: { 's3:prefix': [...new Set(listed)].sort() } },
    },
    { sid: 'BucketLocation', actions: ['s3:GetBucketLocation'], resources: [bucket] },
    {
      sid: 'LogsToCloudWatch',
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [
        arn(stage, 'logs', 'log-group:/aws-glue/*'),
        arn(stage, 'logs', 'log-group:/aws-glue/*:log-stream:*'),
      ],
    },
    {
      sid: 'JobAndQualityMetrics',
      // PutMetricData has no resource-level permissions; the namespace condition narrows it instead.
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'cloudwatch:namespace': hasQuality ? ['Glue', 'Glue Data Quality'] : ['Glue'] },
      },
    },
  ];
  if (databases.length > 0) {
    statements.push({
      sid: 'CrawlersCatalog',
      actions: [
        'glue:BatchCreatePartition',
        'glue:BatchGetPartition',
        'glue:BatchUpdatePartition',
        'glue:CreateDatabase',
        'glue:CreatePartition',
        'glue:CreateTable',
        'glue:GetDatabase',
        'glue:GetPartition',
        'glue:GetPartitions',
        'glue:GetTable',
        'glue:GetTables',
        'glue:UpdatePartition',
        'glue:UpdateTable',
      ],
      resources: [
        arn(stage, 'glue', 'catalog'),
        ...databases.map((db) => arn(stage, 'glue', `database/${db}`)),
        ...databases.map((db) => arn(stage, 'glue', `table/${db}/*`)),
      ],
    });
  }
  if (hasQuality) {
    statements.push({
      sid: 'PublishDataQuality',
      actions: ['glue:PublishDataQuality'],
      resources: [arn(stage, 'glue', 'dataQualityRuleset/*')],
    });
  }
  return roleDefinition({
    name: glueRoleName(pipeline, stage),
    description: `Runs the Glue jobs and crawlers of ${pipeline.name} (${stage.name}).`,
    service: 'glue.amazonaws.com',
    policyName: 'lakeline-glue',
    statements,
    tags: resourceTags(pipeline.name, stage),
  });
}
