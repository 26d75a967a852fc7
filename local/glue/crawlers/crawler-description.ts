/** GetCrawler's answer for a crawler: its definition with Glue's defaults, and its state. */
import type { Crawler, CrawlerState, CreateCrawlerInput, LastCrawlInfo } from './crawler-types.js';

export interface CrawlerStatus {
  readonly input: CreateCrawlerInput;
  readonly state: CrawlerState;
  readonly creationTime: string;
  /** When UpdateCrawler last changed it; its creation time when never updated. */
  readonly lastUpdated?: string;
  /** 1 at creation, one more at each UpdateCrawler. */
  readonly version?: number;
  /** Milliseconds since the running crawl began; 0 when none runs. */
  readonly elapsedMs: number;
  readonly lastCrawl?: LastCrawlInfo;
}

export function describeCrawler(status: CrawlerStatus): Crawler {
  const i = status.input;
  return {
    Name: i.Name,
    Role: i.Role,
    Targets: {
      S3Targets: (i.Targets.S3Targets ?? []).map((t) => ({ ...t, Exclusions: t.Exclusions ?? [] })),
      JdbcTargets: [],
      MongoDBTargets: [],
      DynamoDBTargets: [],
      CatalogTargets: [],
      DeltaTargets: [],
      IcebergTargets: [],
      HudiTargets: [],
    },
    ...(i.DatabaseName === undefined ? {} : { DatabaseName: i.DatabaseName }),
    ...(i.Description === undefined ? {} : { Description: i.Description }),
    Classifiers: i.Classifiers ?? [],
    RecrawlPolicy: { RecrawlBehavior: i.RecrawlPolicy?.RecrawlBehavior ?? 'CRAWL_EVERYTHING' },
    SchemaChangePolicy: {
      UpdateBehavior: i.SchemaChangePolicy?.UpdateBehavior ?? 'UPDATE_IN_DATABASE',
      DeleteBehavior: i.SchemaChangePolicy?.DeleteBehavior ?? 'DEPRECATE_IN_DATABASE',
    },
    LineageConfiguration: {
      CrawlerLineageSettings: i.LineageConfiguration?.CrawlerLineageSettings ?? 'DISABLE',
    },
    State: status.state,
    ...(i.TablePrefix === undefined ? {} : { TablePrefix: i.TablePrefix }),
    CrawlElapsedTime: status.elapsedMs,
    CreationTime: status.creationTime,
    LastUpdated: status.lastUpdated ?? status.creationTime,
    ...(status.lastCrawl === undefined ? {} : { LastCrawl: status.lastCrawl }),
    Version: status.version ?? 1,
    ...(i.Configuration === undefined ? {} : { Configuration: i.Configuration }),
    ...(i.CrawlerSecurityConfiguration === undefined
      ? {}
      : { CrawlerSecurityConfiguration: i.CrawlerSecurityConfiguration }),
    LakeFormationConfiguration: {
      UseLakeFormationCredentials: i.LakeFormationConfiguration?.UseLakeFormationCredentials ?? false,
      AccountId: i.LakeFormationConfiguration?.AccountId ?? '',
    },
  };
}
