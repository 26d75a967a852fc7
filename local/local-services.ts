/**
 * The simulated account over one workdir, assembled in one place: S3 on disk, the Glue Data
 * Catalog with its crawlers, Glue jobs, SNS, and the warehouse behind the Redshift Data API, each
 * where `world.ts` puts it. `simulate`, `sfn run` and `local serve` each open one set and end it
 * with its `close()`; what differs between them is an option here.
 */
import { mkdirSync } from 'node:fs';
import type { ArtifactTree } from '../core/index.js';
import { LocalDataCatalog } from './glue/catalog/index.js';
import { LocalGlueCrawlers } from './glue/crawlers/index.js';
import { LocalGlueJobs } from './glue/jobs.js';
import { LocalLambda } from './lambda/local-lambda.js';
import { LocalRdsData } from './rdsdata/index.js';
import type { LocalRedshiftData } from './redshift/index.js';
import { LocalS3 } from './s3/local-s3.js';
import { LocalSns } from './sns/local-sns.js';
import type { SparkSubmit } from './spark/submit.js';
import { openWarehouse } from './warehouse-setup.js';
import { type WorkdirLayout, workdirLayout } from './world.js';

/** The account and region of a simulated account that names no other: what ARNs say locally. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export interface LocalServicesOptions {
  readonly workdir: string;
  /** `pglite` (embedded, under the workdir) or a `postgres://` URL. */
  readonly warehouse: string;
  /** What ARNs name; `LOCAL_ACCOUNT` and `LOCAL_REGION` unless given (simulate gives the tree's). */
  readonly account?: string;
  readonly region?: string;
  /** The tree being run, whose Redshift SQL the warehouse translates to its PostgreSQL twin. */
  readonly tree?: ArtifactTree;
  /** Folders holding more artifact trees whose Redshift and PostgreSQL SQL pair statements. */
  readonly trees?: readonly string[];
  /** The size of the raw input a run loads, which sizes PGlite's buffer pool. */
  readonly inputBytes?: number;
  /** Glue jobs run their script on Spark (`--engine spark`) instead of their plan on DuckDB. */
  readonly spark?: SparkSubmit;
  /** A publish to a topic no one created creates it (`sfn run`: a definition comes without its topic). */
  readonly autoCreateTopics?: boolean;
  /** The endpoint the AWS SDK inside Lambda functions is pointed at, once one serves this account. */
  readonly lambdaEndpoint?: () => string | undefined;
}

export interface LocalServices {
  readonly account: string;
  readonly region: string;
  readonly layout: WorkdirLayout;
  readonly s3: LocalS3;
  readonly catalog: LocalDataCatalog;
  readonly crawlers: LocalGlueCrawlers;
  readonly jobs: LocalGlueJobs;
  readonly sns: LocalSns;
  readonly lambda: LocalLambda;
  /**
   * The warehouse, still opening: starting PGlite (compiling its WebAssembly) takes most of a
   * second, which a caller can spend on work that needs no warehouse. Awaiting it reports a
   * server's connection error.
   */
  readonly redshift: Promise<LocalRedshiftData>;
  /**
   * The RDS Data API over the same warehouse (Aurora PostgreSQL's stand-in), opening with it; the
   * two take the warehouse in turns.
   */
  readonly rdsData: Promise<LocalRdsData>;
  /** Ends what the services started (the Spark driver, the warehouse); safe when opening failed. */
  close(): Promise<void>;
}

export function openLocalServices(options: LocalServicesOptions): LocalServices {
  const account = options.account ?? LOCAL_ACCOUNT;
  const region = options.region ?? LOCAL_REGION;
  const layout = workdirLayout(options.workdir);
  mkdirSync(layout.workdir, { recursive: true });
  const s3 = new LocalS3(layout.s3);
  const catalog = new LocalDataCatalog(layout.catalog, { catalogId: account });
  const jobs = new LocalGlueJobs({
    s3,
    dir: layout.glue,
    ...(options.spark === undefined ? {} : { spark: options.spark }),
  });
  const redshift = openWarehouse({
    s3,
    layout,
    warehouse: options.warehouse,
    ...(options.tree === undefined ? {} : { tree: options.tree }),
    ...(options.trees === undefined ? {} : { trees: options.trees }),
    ...(options.inputBytes === undefined ? {} : { inputBytes: options.inputBytes }),
  });
  // A failure to open is the caller's to see when it awaits `redshift`, not an unhandled rejection.
  redshift.catch(() => undefined);
  const rdsData = redshift.then((r) => new LocalRdsData({ warehouse: r.warehouse, s3 }));
  rdsData.catch(() => undefined);
  return {
    account,
    region,
    layout,
    s3,
    catalog,
    crawlers: new LocalGlueCrawlers({ s3, catalog }),
    jobs,
    sns: new LocalSns(layout.outbox, region, account, {
      autoCreateTopics: options.autoCreateTopics === true,
    }),
    lambda: new LocalLambda({
      dir: layout.lambda,
      region,
      account,
      ...(options.lambdaEndpoint === undefined ? {} : { endpoint: options.lambdaEndpoint }),
    }),
    redshift,
    rdsData,
    close: async () => {
      await jobs.close();
      // Open RDS transactions are rolled back before the warehouse closes under them.
      await rdsData.then(
        (rds) => rds.close(),
        () => undefined,
      );
      await redshift.then(
        (warehouse) => warehouse.close(),
        () => undefined,
      );
    },
  };
}
