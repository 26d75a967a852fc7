/**
 * Glue CreateCrawler inputs, one per crawler, and the CSV classifier the raw crawlers use: with
 * only string columns (students), the built-in CSV classifier cannot tell the header from the
 * data and names the columns col0, col1, …, so the header is declared present instead.
 */
import {
  type Crawler,
  glueDatabase,
  type Pipeline,
  resourceName,
  resourceTags,
  roleArn,
  type Stage,
  s3Uri,
  sortKeys,
} from '../core/index.js';

export interface CsvClassifierConfig {
  readonly CsvClassifier: {
    readonly Name: string;
    readonly Delimiter: string;
    readonly QuoteSymbol: string;
    readonly ContainsHeader: 'PRESENT';
    readonly DisableValueTrimming: false;
    readonly AllowSingleColumn: false;
  };
}

export interface CrawlerConfig {
  readonly Name: string;
  readonly Role: string;
  readonly DatabaseName: string;
  readonly Description: string;
  readonly Targets: { readonly S3Targets: readonly { readonly Path: string }[] };
  readonly Classifiers?: readonly string[];
  readonly SchemaChangePolicy: {
    readonly UpdateBehavior: 'UPDATE_IN_DATABASE';
    readonly DeleteBehavior: 'LOG';
  };
  readonly RecrawlPolicy: { readonly RecrawlBehavior: 'CRAWL_EVERYTHING' };
  /** The crawler's JSON configuration, as a string (the API takes it that way). */
  readonly Configuration: string;
  readonly Tags: Readonly<Record<string, string>>;
}

export const glueRoleName = (pipeline: Pipeline, stage: Stage): string =>
  resourceName(pipeline.name, stage, 'glue');
export const crawlerName = (pipeline: Pipeline, stage: Stage, crawler: Crawler): string =>
  resourceName(pipeline.name, stage, `${crawler.name}-crawler`);
export const csvClassifierName = (pipeline: Pipeline, stage: Stage): string =>
  resourceName(pipeline.name, stage, 'csv');

export function csvClassifierConfig(pipeline: Pipeline, stage: Stage): CsvClassifierConfig {
  return {
    CsvClassifier: {
      Name: csvClassifierName(pipeline, stage),
      Delimiter: ',',
      QuoteSymbol: '"',
      ContainsHeader: 'PRESENT',
      DisableValueTrimming: false,
      AllowSingleColumn: false,
    },
  };
}

/** Whether a crawler reads CSV files and so needs the CSV classifier. */
export const crawlsCsv = (crawler: Crawler): boolean =>
  crawler.datasets.some((d) => d.kind === 'rawDataset' && d.format === 'csv');

/**
 * Tables sit at `<pipeline>/<layer>/<prefix>` (levels counted from the bucket, the first folder
 * being 1); fixing the level keeps Hive partition folders (`term=2024S/`) partitions, not tables.
 * Datasets at different depths cannot share one level, and then the crawler decides.
 */
function tableLevel(crawler: Crawler): number | undefined {
  const levels = new Set(crawler.datasets.map((d) => 2 + d.prefix.split('/').filter((s) => s !== '').length));
  return levels.size === 1 ? [...levels][0] : undefined;
}

export function crawlerConfig(pipeline: Pipeline, stage: Stage, crawler: Crawler): CrawlerConfig {
  const level = tableLevel(crawler);
  const configuration = {
    Version: 1.0,
    CrawlerOutput: {
      // New partitions take the table's schema, so a partition never disagrees with its table.
      Partitions: { AddOrUpdateBehavior: 'InheritFromTable' },
      Tables: { AddOrUpdateBehavior: 'MergeNewColumns' },
    },
    Grouping: {
      TableGroupingPolicy: 'CombineCompatibleSchemas',
      ...(level === undefined ? {} : { TableLevelConfiguration: level }),
    },
  };
  return {
    Name: crawlerName(pipeline, stage, crawler),
    Role: roleArn(stage, glueRoleName(pipeline, stage)),
    DatabaseName: glueDatabase(pipeline.name, stage, crawler.layer),
    Description: `Catalogs the ${crawler.layer} layer of ${pipeline.name}: ${crawler.datasets.map((d) => d.name).join(', ')}.`,
    Targets: {
      S3Targets: crawler.datasets.map((d) => ({
        Path: s3Uri(pipeline.name, stage, crawler.layer, d.prefix),
      })),
    },
    ...(crawlsCsv(crawler) ? { Classifiers: [csvClassifierName(pipeline, stage)] } : {}),
    SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'LOG' },
    RecrawlPolicy: { RecrawlBehavior: 'CRAWL_EVERYTHING' },
    Configuration: JSON.stringify(sortKeys(configuration)),
    Tags: resourceTags(pipeline.name, stage),
  };
}
