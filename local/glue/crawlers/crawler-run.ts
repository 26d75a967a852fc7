/**
 * One crawl, start to end: list the targets, classify every object (a file that cannot be read
 * is logged as an ERROR and left out, and the crawl carries on, as on Glue), plan the tables,
 * then write them to the catalog. Reads are asynchronous and the abort signal is checked between
 * files, so a crawl makes progress while the state machine polls and stops when told to.
 */
import { DuckDb } from '../../engines/duckdb.js';
import type { LocalS3 } from '../../s3/local-s3.js';
import type { Table } from '../catalog/catalog-types.js';
import { isGlueError } from '../catalog/glue-error.js';
import type { LocalDataCatalog } from '../catalog/local-data-catalog.js';
import { type ApplyResult, applyPlans } from './crawler-apply.js';
import { classifyFile, UnreadableFileError } from './crawler-classify.js';
import type { CrawlerOptions } from './crawler-configuration.js';
import { type CrawledObject, CrawlFailure, folderUri, listTarget, tableFolders } from './crawler-layout.js';
import { type ClassifiedObject, planTables } from './crawler-plan.js';
import type { CreateCrawlerInput, CsvClassifierInput } from './crawler-types.js';

export type LogLevel = 'BENCHMARK' | 'INFO' | 'WARN' | 'ERROR';

export interface CrawlDefinition {
  readonly input: CreateCrawlerInput;
  readonly options: CrawlerOptions;
  /** The crawler's custom classifiers, resolved, in its order. */
  readonly classifiers: readonly CsvClassifierInput[];
}

export interface CrawlServices {
  readonly s3: LocalS3;
  readonly catalog: LocalDataCatalog;
  readonly signal: AbortSignal;
  readonly log: (level: LogLevel, message: string) => void;
  /** The crawl has classified everything and starts writing (the crawler is STOPPING). */
  readonly writing: () => void;
}

export interface CrawlSummary extends ApplyResult {
  readonly filesRead: number;
  readonly filesUnreadable: number;
}

/** The identity Glue records as a crawled table's creator: the crawler's role, assumed. */
export function crawlerIdentity(role: string): string {
  const m = /^arn:(aws[a-z-]*):iam::([0-9]{12}):role\/(?:.*\/)?([^/]+)$/.exec(role);
  return m === null ? role : `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/AWS-Crawler`;
}

/** The object and every folder above it: where a table or partition still has data. */
const ancestors = (o: CrawledObject): string[] => {
  const segments = o.key.split('/').slice(0, -1);
  return segments
    .map((_, i) => folderUri(o.bucket, segments.slice(0, i + 1)))
    .concat(folderUri(o.bucket, []), `s3://${o.bucket}/${o.key}`);
};

async function existingTables(catalog: LocalDataCatalog, database: string): Promise<Map<string, Table>> {
  const byLocation = new Map<string, Table>();
  try {
    let token: string | undefined;
    do {
      const page = await catalog.getTables({
        DatabaseName: database,
        ...(token === undefined ? {} : { NextToken: token }),
      });
      for (const t of page.TableList) byLocation.set(t.StorageDescriptor.Location, t);
      token = page.NextToken;
    } while (token !== undefined);
  } catch (error) {
    if (!isGlueError(error, 'EntityNotFoundException')) throw error;
  }
  return byLocation;
}

/** CRAWL_NEW_FOLDERS_ONLY: objects of a table folder or partition folder the catalog already has are not read again. */
async function onlyNewFolders(
  folders: ReturnType<typeof tableFolders>,
  services: CrawlServices,
  database: string,
): Promise<ReturnType<typeof tableFolders>> {
  const tables = await existingTables(services.catalog, database);
  const out: ReturnType<typeof tableFolders> = [];
  for (const folder of folders) {
    const table = tables.get(folderUri(folder.bucket, folder.root));
    if (table === undefined) {
      out.push(folder);
      continue;
    }
    const depth = table.PartitionKeys.length;
    if (depth === 0) continue;
    const { Partitions } = await services.catalog.getPartitions({
      DatabaseName: database,
      TableName: table.Name,
      MaxResults: 1e9,
    });
    const known = new Set(Partitions.map((p) => p.StorageDescriptor.Location));
    const objects = folder.objects.filter((o) => {
      const segments = o.key.split('/').slice(0, -1);
      return (
        segments.length < folder.root.length + depth ||
        !known.has(folderUri(o.bucket, segments.slice(0, folder.root.length + depth)))
      );
    });
    if (objects.length > 0) out.push({ ...folder, objects });
  }
  return out;
}

export async function runCrawl(definition: CrawlDefinition, services: CrawlServices): Promise<CrawlSummary> {
  const { input, options } = definition;
  const { signal, log } = services;
  const database = input.DatabaseName!;
  const newFoldersOnly = input.RecrawlPolicy?.RecrawlBehavior === 'CRAWL_NEW_FOLDERS_ONLY';
  log('BENCHMARK', `Running Start Crawl for Crawler ${input.Name}`);
  log('INFO', `Crawler configured with SchemaChangePolicy ${JSON.stringify(input.SchemaChangePolicy ?? {})}`);

  let duckdb: DuckDb | undefined;
  const occupied = new Set<string>();
  const classified: { bucket: string; root: readonly string[]; objects: ClassifiedObject[] }[] = [];
  let filesRead = 0;
  let filesUnreadable = 0;
  try {
    for (const target of input.Targets.S3Targets ?? []) {
      const listing = listTarget(services.s3, target);
      for (const o of listing.objects) for (const f of ancestors(o)) occupied.add(f);
      let folders = tableFolders(listing, options.tableLevel, (o, reason) =>
        log('WARN', `s3://${o.bucket}/${o.key} is not crawled: ${reason}`),
      );
      if (newFoldersOnly) folders = await onlyNewFolders(folders, services, database);
      for (const folder of folders) {
        const objects: ClassifiedObject[] = [];
        for (const o of folder.objects) {
          signal.throwIfAborted();
          try {
            const { schema, classifier } = await classifyFile(o.path, {
              classifiers: definition.classifiers,
              duckdb: async () => {
                duckdb ??= await DuckDb.open({ threads: 1 });
                return duckdb;
              },
              signal,
            });
            objects.push({ ...o, schema });
            filesRead++;
            if (schema.malformed > 0) {
              log(
                'WARN',
                `s3://${o.bucket}/${o.key}: ${schema.malformed} malformed records left out of schema inference`,
              );
            }
            if (classifier !== undefined)
              log('INFO', `s3://${o.bucket}/${o.key} classified by ${classifier}`);
          } catch (error) {
            if (signal.aborted || !(error instanceof UnreadableFileError)) throw error;
            filesUnreadable++;
            log('ERROR', `Unable to read s3://${o.bucket}/${o.key}: ${error.message}; the file is left out`);
          }
        }
        classified.push({ bucket: folder.bucket, root: folder.root, objects });
      }
    }
  } finally {
    duckdb?.close();
  }

  const plans = planTables(classified, {
    ...(input.TablePrefix === undefined ? {} : { tablePrefix: input.TablePrefix }),
    ...(options.tableLevel === undefined ? {} : { tableLevel: options.tableLevel }),
    log: (message) => log('WARN', message),
  });
  if (options.tableThreshold !== undefined && plans.length > options.tableThreshold) {
    throw new CrawlFailure(
      `The number of tables detected by crawler: ${plans.length} is greater than the table threshold value provided: ${options.tableThreshold}`,
    );
  }
  signal.throwIfAborted();
  services.writing();
  log('BENCHMARK', `Classification complete, writing results to database ${database}`);
  const result = await applyPlans(plans, {
    catalog: services.catalog,
    crawler: input.Name,
    database,
    createdBy: crawlerIdentity(input.Role),
    update: input.SchemaChangePolicy?.UpdateBehavior ?? 'UPDATE_IN_DATABASE',
    delete: input.SchemaChangePolicy?.DeleteBehavior ?? 'DEPRECATE_IN_DATABASE',
    options,
    newFoldersOnly,
    targetFolders: (input.Targets.S3Targets ?? []).map((t) => (t.Path.endsWith('/') ? t.Path : `${t.Path}/`)),
    occupied,
    log: (message) => log('INFO', message),
    signal,
  });
  log(
    'BENCHMARK',
    `Finished writing to Catalog: ${result.tablesCreated} tables created, ${result.tablesUpdated} updated, ${result.tablesDeleted} deleted; ${result.partitionsCreated} partitions created`,
  );
  return { ...result, filesRead, filesUnreadable };
}

export { CrawlFailure };
