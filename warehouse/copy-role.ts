/**
 * The IAM role Redshift assumes to load the processed layer: read the objects under each loaded
 * dataset's prefix and list only those prefixes. Datasets read through Spectrum (partitioned
 * ones) also need the processed Glue database's table metadata.
 */
import {
  arn,
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
  const prefixes = star.sources.map((source) => `${pipeline}/processed/${source.dataset.prefix}`);
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
  const spectrum = star.sources.filter((source) => source.partitionColumns.length > 0);
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
  return roleDefinition({
    name: stage.warehouse.copyRoleName,
    description: `Lets Redshift load ${pipeline}'s processed datasets (${stage.name}) into the ${star.schema} warehouse.`,
    service: 'redshift.amazonaws.com',
    policyName: 'load-processed-layer',
    statements,
    tags: resourceTags(pipeline, stage),
  });
}
