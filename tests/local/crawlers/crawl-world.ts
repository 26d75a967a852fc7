/** A throwaway world for crawler tests: S3 on disk, a catalog, the crawler service, and helpers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDataCatalog } from '../../../local/glue/catalog/index.js';
import {
  type CrawlerStateChange,
  type CreateCrawlerInput,
  LocalGlueCrawlers,
  type LocalGlueCrawlersOptions,
} from '../../../local/glue/crawlers/index.js';
import { LocalS3 } from '../../../local/s3/index.js';

export const BUCKET = 'lake';
export const DATABASE = 'lake_db';

export interface CrawlWorld {
  readonly dir: string;
  readonly s3: LocalS3;
  readonly catalog: LocalDataCatalog;
  readonly crawlers: LocalGlueCrawlers;
  readonly changes: CrawlerStateChange[];
  /** Writes an object under the bucket. */
  put(key: string, body: string | Uint8Array): void;
  /** The local path of a key (for DuckDB to write to). */
  path(key: string): string;
  /** Creates a crawler over the given folders (relative to the bucket) and runs one crawl to READY. */
  crawl(name: string, folders: readonly string[], extra?: Partial<CreateCrawlerInput>): Promise<void>;
  /** Runs one more crawl of an existing crawler to READY. */
  recrawl(name: string): Promise<void>;
  dispose(): void;
}

export function crawlerInput(
  name: string,
  folders: readonly string[],
  extra: Partial<CreateCrawlerInput> = {},
) {
  return {
    Name: name,
    Role: 'arn:aws:iam::000000000000:role/test-glue',
    DatabaseName: DATABASE,
    Targets: { S3Targets: folders.map((f) => ({ Path: `s3://${BUCKET}/${f}` })) },
    ...extra,
  } satisfies CreateCrawlerInput;
}

export function crawlWorld(options: Partial<LocalGlueCrawlersOptions> = {}): CrawlWorld {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-crawl-'));
  const s3 = new LocalS3(join(dir, 's3'));
  s3.createBucket(BUCKET);
  const catalog = new LocalDataCatalog(join(dir, 'catalog'));
  const changes: CrawlerStateChange[] = [];
  const crawlers = new LocalGlueCrawlers({ s3, catalog, onStateChange: (c) => changes.push(c), ...options });
  const recrawl = async (name: string) => {
    await crawlers.startCrawler({ Name: name });
    await crawlers.whenReady({ Name: name });
  };
  return {
    dir,
    s3,
    catalog,
    crawlers,
    changes,
    put: (key, body) => s3.put(BUCKET, key, body),
    path: (key) => s3.path(BUCKET, key),
    crawl: async (name, folders, extra) => {
      await crawlers.createCrawler(crawlerInput(name, folders, extra));
      await recrawl(name);
    },
    recrawl,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `name:type` of each column, the form the expectations below use. */
export const columnsOf = (table: {
  StorageDescriptor: { Columns: readonly { Name: string; Type: string }[] };
}) => table.StorageDescriptor.Columns.map((c) => `${c.Name}:${c.Type}`);
