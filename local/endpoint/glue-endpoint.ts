/**
 * AWS Glue on the local endpoint (AWS JSON 1.1, `X-Amz-Target: AWSGlue.<Operation>`): the
 * simulator's crawlers and classifiers, jobs and runs, the Data Catalog, and the data quality
 * rulesets, which no other part of the simulator holds, in a store of this endpoint's own.
 */

import type { DatabaseInput, TableInput } from '../glue/catalog/catalog-types.js';
import type { LocalDataCatalog } from '../glue/catalog/local-data-catalog.js';
import { LocalDataQualityRulesets } from '../glue/data-quality-rulesets.js';
import type { LocalCloud } from './cloud.js';
import { crawlerOperations } from './glue-crawler-operations.js';
import { jobOperations } from './glue-job-operations.js';
import { rulesetOperations } from './glue-ruleset-operations.js';
import { tagOperations } from './glue-tag-operations.js';
import type { JsonInput } from './json-input.js';
import { type JsonOperation, jsonProtocolService } from './json-protocol.js';
import type { ServiceEndpoint } from './types.js';

/**
 * Output members the local catalog and crawlers hold as ISO strings (their shapes double as Step
 * Functions' JSON); the jobs' and rulesets' timestamps are Dates and need no naming.
 */
const GLUE_TIMESTAMPS: ReadonlySet<string> = new Set([
  'CreationTime',
  'LastUpdated',
  'StartTime',
  'CreateTime',
  'UpdateTime',
  'LastAccessTime',
  'LastAnalyzedTime',
]);

/** The catalog's own paging (MaxResults / NextToken), passed through. */
function catalogPage(input: JsonInput): { MaxResults?: number; NextToken?: string } {
  const max = input.optionalNumber('MaxResults');
  const token = input.optionalString('NextToken');
  return {
    ...(max === undefined ? {} : { MaxResults: max }),
    ...(token === undefined ? {} : { NextToken: token }),
  };
}

function catalogOperations(catalog: LocalDataCatalog): Record<string, JsonOperation> {
  return {
    CreateDatabase: (input) => {
      input.input('DatabaseInput').string('Name');
      return catalog.createDatabase({
        DatabaseInput: input.object('DatabaseInput') as unknown as DatabaseInput,
      });
    },
    GetDatabase: (input) => catalog.getDatabase({ Name: input.string('Name') }),
    GetDatabases: (input) => catalog.getDatabases(catalogPage(input)),
    DeleteDatabase: (input) => catalog.deleteDatabase({ Name: input.string('Name') }),
    CreateTable: (input) => {
      input.input('TableInput').string('Name');
      return catalog.createTable({
        DatabaseName: input.string('DatabaseName'),
        TableInput: input.object('TableInput') as unknown as TableInput,
      });
    },
    GetTable: (input) =>
      catalog.getTable({ DatabaseName: input.string('DatabaseName'), Name: input.string('Name') }),
    GetTables: (input) => {
      const expression = input.optionalString('Expression');
      return catalog.getTables({
        DatabaseName: input.string('DatabaseName'),
        ...(expression === undefined ? {} : { Expression: expression }),
        ...catalogPage(input),
      });
    },
    UpdateTable: (input) => {
      input.input('TableInput').string('Name');
      return catalog.updateTable({
        DatabaseName: input.string('DatabaseName'),
        TableInput: input.object('TableInput') as unknown as TableInput,
      });
    },
    DeleteTable: (input) =>
      catalog.deleteTable({ DatabaseName: input.string('DatabaseName'), Name: input.string('Name') }),
  };
}

export function glueEndpoint(
  cloud: LocalCloud,
  rulesets: LocalDataQualityRulesets = new LocalDataQualityRulesets(),
): ServiceEndpoint {
  return jsonProtocolService({
    signingNames: ['glue'],
    targetPrefix: 'AWSGlue',
    version: '1.1',
    invalidInputCode: 'InvalidInputException',
    timestampMembers: GLUE_TIMESTAMPS,
    operations: {
      ...crawlerOperations(cloud.crawlers),
      ...jobOperations(cloud.jobs),
      ...rulesetOperations(rulesets),
      ...catalogOperations(cloud.catalog),
      ...tagOperations({ crawlers: cloud.crawlers, jobs: cloud.jobs, rulesets }),
    },
  });
}
