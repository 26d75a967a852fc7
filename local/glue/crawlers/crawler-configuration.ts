/**
 * A crawler's `Configuration` (a JSON string) read into the options the local crawl honours:
 * Grouping (TableGroupingPolicy, TableLevelConfiguration) and CrawlerOutput (Tables and
 * Partitions AddOrUpdateBehavior, TableThreshold). Options Glue has and the local crawl does not
 * implement are refused when the crawler is created, not ignored.
 */
import { glueError } from '../catalog/glue-error.js';

export interface CrawlerOptions {
  /** The absolute folder level of tables, the bucket's first folder being 1. */
  readonly tableLevel?: number;
  readonly combineCompatibleSchemas: boolean;
  /** `MergeNewColumns`: add new columns, never remove or retype existing ones. */
  readonly mergeNewColumns: boolean;
  /** `InheritFromTable`: a partition takes its table's columns. */
  readonly partitionsInheritFromTable: boolean;
  /** More tables than this fails the crawl without writing anything. */
  readonly tableThreshold?: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(message: string): never {
  throw glueError('InvalidInputException', `Configuration: ${message}`);
}

function checkKeys(where: string, value: Json, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) invalid(`${where}.${key} is not supported by the local crawler`);
  }
}

function positiveInteger(where: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    invalid(`${where} must be a positive whole number, not ${JSON.stringify(value)}`);
  }
  return value;
}

function section(where: string, value: unknown): Json {
  if (value === undefined) return {};
  if (!isObject(value)) invalid(`${where} must be an object`);
  return value;
}

export function parseCrawlerConfiguration(configuration: string | undefined): CrawlerOptions {
  if (configuration === undefined || configuration.trim() === '') {
    return { combineCompatibleSchemas: false, mergeNewColumns: false, partitionsInheritFromTable: false };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(configuration);
  } catch {
    invalid('not valid JSON');
  }
  if (!isObject(parsed)) invalid('must be a JSON object');
  checkKeys('Configuration', parsed, ['Version', 'Grouping', 'CrawlerOutput']);
  if (parsed.Version !== 1 && parsed.Version !== '1.0') invalid('Version must be 1.0');

  const grouping = section('Grouping', parsed.Grouping);
  checkKeys('Grouping', grouping, ['TableGroupingPolicy', 'TableLevelConfiguration']);
  if (
    grouping.TableGroupingPolicy !== undefined &&
    grouping.TableGroupingPolicy !== 'CombineCompatibleSchemas'
  ) {
    invalid('Grouping.TableGroupingPolicy must be CombineCompatibleSchemas');
  }

  const output = section('CrawlerOutput', parsed.CrawlerOutput);
  checkKeys('CrawlerOutput', output, ['Tables', 'Partitions']);
  const tables = section('CrawlerOutput.Tables', output.Tables);
  checkKeys('CrawlerOutput.Tables', tables, ['AddOrUpdateBehavior', 'TableThreshold']);
  if (tables.AddOrUpdateBehavior !== undefined && tables.AddOrUpdateBehavior !== 'MergeNewColumns') {
    invalid('CrawlerOutput.Tables.AddOrUpdateBehavior must be MergeNewColumns');
  }
  const partitions = section('CrawlerOutput.Partitions', output.Partitions);
  checkKeys('CrawlerOutput.Partitions', partitions, ['AddOrUpdateBehavior']);
  if (partitions.AddOrUpdateBehavior !== undefined && partitions.AddOrUpdateBehavior !== 'InheritFromTable') {
    invalid('CrawlerOutput.Partitions.AddOrUpdateBehavior must be InheritFromTable');
  }

  const tableLevel = positiveInteger('Grouping.TableLevelConfiguration', grouping.TableLevelConfiguration);
  const tableThreshold = positiveInteger('CrawlerOutput.Tables.TableThreshold', tables.TableThreshold);
  return {
    ...(tableLevel === undefined ? {} : { tableLevel }),
    ...(tableThreshold === undefined ? {} : { tableThreshold }),
    combineCompatibleSchemas: grouping.TableGroupingPolicy === 'CombineCompatibleSchemas',
    mergeNewColumns: tables.AddOrUpdateBehavior === 'MergeNewColumns',
    partitionsInheritFromTable: partitions.AddOrUpdateBehavior === 'InheritFromTable',
  };
}
