/**
 * The IAM role the warehouse assumes to load from S3: read the objects under each loaded
 * dataset's prefix and list only those prefixes. Redshift reads the processed layer, and datasets
 * it reads through Spectrum (partitioned ones) also need the processed Glue database's table
 * metadata; Aurora PostgreSQL reads the datasets' CSV exports (its cluster's `s3Import` role).
 */
import {
  arn,
  exportKey,
  glueDatabase,
  type PolicyStatement,
  type RoleDefinition,
  resourceTags,
  roleDefinition,
  type Stage,
} from '../core/index.js';
import { catalogTableName } from './load-statements.js';
import type { Star } from './star.js';

export function copyRole(star: Star, stage: Stage): RoleDefinition {
  const pipeline = star.pipeline.name;
  const target = stage.warehouse;
  const prefixes = star.sources.map((source) =>
    target.kind === 'redshift'
      ? `${pipeline}/processed/${source.dataset.prefix}`
      : exportKey(pipeline, source.dataset.prefix),
  );
  const statements: PolicyStatement[] = [
    {
      sid: 'ReadProcessedObjects',
      actions: ['s3:GetObject'],
      resources: prefixes.map((p) => `arn:aws:s3:::${stage.bucket}/${p}*`),
    },
    {
      sid: 'ListProcessedPrefixes',
      actions: ['s3:ListBucket'],
      resources: [`arn:aws:s3:::${stage.bucket}`],
      conditions: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } },
    },
  ];
  const spectrum =
    target.kind === 'redshift' ? star.sources.filter((source) => source.partitionColumns.length > 0) : [];
  if (spectrum.length > 0) {
    const database = glueDatabase(pipeline, stage, 'processed');
    statements.push({
      sid: 'ReadProcessedCatalog',
      actions: [
        'glue:GetDatabase',
        'glue:GetTable',
        'glue:GetPartition',
        'glue:GetPartitions',
        'glue:BatchGetPartition',
      ],
      resources: [
        arn(stage, 'glue', 'catalog'),
        arn(stage, 'glue', `database/${database}`),
        ...spectrum.map((source) => arn(stage, 'glue', `table/${database}/${catalogTableName(source)}`)),
      ],
    });
  }
  if (target.kind === 'postgres') {
    return roleDefinition({
      name: target.importRoleName,
      description: `Lets Aurora PostgreSQL import ${pipeline}'s exported datasets (${stage.name}) into the ${star.schema} warehouse.`,
      service: 'rds.amazonaws.com',
      policyName: 'import-exported-datasets',
      statements,
      tags: resourceTags(pipeline, stage),
    });
  }
  return roleDefinition({
    name: target.copyRoleName,
    description: `Lets Redshift load ${pipeline}'s processed datasets (${stage.name}) into the ${star.schema} warehouse.`,
    service: 'redshift.amazonaws.com',
    policyName: 'load-processed-layer',
    statements,
    tags: resourceTags(pipeline, stage),
  });
}
