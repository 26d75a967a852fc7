/**
 * Crawler and classifier shapes as the Glue API takes and returns them (CreateCrawler,
 * GetCrawler, CreateClassifier, GetCrawlerMetrics). Timestamps are ISO-8601 strings.
 */

export interface S3Target {
  readonly Path: string;
  /** Glob patterns, relative to Path, of objects the crawl leaves out. */
  readonly Exclusions?: readonly string[];
  /** How many files of each leaf folder are crawled (all when absent). */
  readonly SampleSize?: number;
  readonly ConnectionName?: string;
  readonly EventQueueArn?: string;
  readonly DlqEventQueueArn?: string;
}

export interface CrawlerTargets {
  readonly S3Targets?: readonly S3Target[];
  readonly JdbcTargets?: readonly unknown[];
  readonly MongoDBTargets?: readonly unknown[];
  readonly DynamoDBTargets?: readonly unknown[];
  readonly CatalogTargets?: readonly unknown[];
  readonly DeltaTargets?: readonly unknown[];
  readonly IcebergTargets?: readonly unknown[];
  readonly HudiTargets?: readonly unknown[];
}

export type UpdateBehavior = 'LOG' | 'UPDATE_IN_DATABASE';
export type DeleteBehavior = 'LOG' | 'DELETE_FROM_DATABASE' | 'DEPRECATE_IN_DATABASE';
export type RecrawlBehavior = 'CRAWL_EVERYTHING' | 'CRAWL_NEW_FOLDERS_ONLY' | 'CRAWL_EVENT_MODE';

export interface SchemaChangePolicy {
  readonly UpdateBehavior?: UpdateBehavior;
  readonly DeleteBehavior?: DeleteBehavior;
}

export interface RecrawlPolicy {
  readonly RecrawlBehavior?: RecrawlBehavior;
}

/** The CreateCrawler request: what the tree's `artifactLayout.crawlers` hold. */
export interface CreateCrawlerInput {
  readonly Name: string;
  readonly Role: string;
  readonly DatabaseName?: string;
  readonly Description?: string;
  readonly Targets: CrawlerTargets;
  readonly Schedule?: string;
  readonly Classifiers?: readonly string[];
  readonly TablePrefix?: string;
  readonly SchemaChangePolicy?: SchemaChangePolicy;
  readonly RecrawlPolicy?: RecrawlPolicy;
  readonly LineageConfiguration?: { readonly CrawlerLineageSettings?: 'ENABLE' | 'DISABLE' };
  readonly LakeFormationConfiguration?: {
    readonly UseLakeFormationCredentials?: boolean;
    readonly AccountId?: string;
  };
  /** The crawler's JSON configuration, as a string. */
  readonly Configuration?: string;
  readonly CrawlerSecurityConfiguration?: string;
  readonly Tags?: Readonly<Record<string, string>>;
}

/** The UpdateCrawler request: the crawler's name and the members to change. */
export type UpdateCrawlerInput = Partial<Omit<CreateCrawlerInput, 'Name' | 'Tags'>> & {
  readonly Name: string;
};

export type CrawlerState = 'READY' | 'RUNNING' | 'STOPPING';
export type CrawlStatus = 'SUCCEEDED' | 'CANCELLED' | 'FAILED';

export interface LastCrawlInfo {
  readonly Status: CrawlStatus;
  readonly ErrorMessage?: string;
  readonly LogGroup: string;
  readonly LogStream: string;
  readonly MessagePrefix: string;
  readonly StartTime: string;
}

/** GetCrawler's `Crawler`. */
export interface Crawler {
  readonly Name: string;
  readonly Role: string;
  readonly Targets: Required<CrawlerTargets>;
  readonly DatabaseName?: string;
  readonly Description?: string;
  readonly Classifiers: readonly string[];
  readonly RecrawlPolicy: Required<RecrawlPolicy>;
  readonly SchemaChangePolicy: Required<SchemaChangePolicy>;
  readonly LineageConfiguration: { readonly CrawlerLineageSettings: 'ENABLE' | 'DISABLE' };
  readonly State: CrawlerState;
  readonly TablePrefix?: string;
  /** Milliseconds since the running crawl began; 0 when none is running. */
  readonly CrawlElapsedTime: number;
  readonly CreationTime: string;
  readonly LastUpdated: string;
  readonly LastCrawl?: LastCrawlInfo;
  readonly Version: number;
  readonly Configuration?: string;
  readonly CrawlerSecurityConfiguration?: string;
  readonly LakeFormationConfiguration: {
    readonly UseLakeFormationCredentials: boolean;
    readonly AccountId: string;
  };
}

export type CsvHeaderOption = 'UNKNOWN' | 'PRESENT' | 'ABSENT';

/** CreateClassifier's CsvClassifier. */
export interface CsvClassifierInput {
  readonly Name: string;
  readonly Delimiter?: string;
  readonly QuoteSymbol?: string;
  readonly ContainsHeader?: CsvHeaderOption;
  readonly Header?: readonly string[];
  readonly DisableValueTrimming?: boolean;
  readonly AllowSingleColumn?: boolean;
  readonly CustomDatatypeConfigured?: boolean;
  readonly CustomDatatypes?: readonly string[];
  readonly Serde?: 'OpenCSVSerDe' | 'LazySimpleSerDe' | 'None';
}

/** The CreateClassifier request: what the tree's `artifactLayout.classifiers` hold. */
export interface CreateClassifierInput {
  readonly CsvClassifier?: CsvClassifierInput;
  readonly GrokClassifier?: unknown;
  readonly XMLClassifier?: unknown;
  readonly JsonClassifier?: unknown;
}

export interface CsvClassifier extends CsvClassifierInput {
  readonly CreationTime: string;
  readonly LastUpdated: string;
  readonly Version: number;
}

export interface CrawlerMetrics {
  readonly CrawlerName: string;
  readonly TimeLeftSeconds: number;
  readonly StillEstimating: boolean;
  readonly LastRuntimeSeconds: number;
  readonly MedianRuntimeSeconds: number;
  readonly TablesCreated: number;
  readonly TablesUpdated: number;
  readonly TablesDeleted: number;
}

/** One line of a crawl's log, as CloudWatch Logs would hold it in `/aws-glue/crawlers`. */
export interface CrawlLogEvent {
  readonly timestamp: string;
  readonly message: string;
}
