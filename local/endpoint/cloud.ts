/**
 * The simulated account behind the local endpoint: the simulator's services over one workdir,
 * shared by every service endpoint (a job StartJobRun'd through the Glue endpoint reads the plan
 * that the S3 endpoint stored; the state machine started through Step Functions runs Tasks on the
 * same crawlers, jobs, warehouse and topics).
 *
 * The Redshift Data API translates Redshift SQL with the PostgreSQL renderings of the artifact
 * trees found under `trees` (default `out/`, where `lakeline synth` and `deploy` write them): SQL of
 * a pipeline not synthesized there runs as written on PostgreSQL.
 */
import { LocalDataCatalog } from '../glue/catalog/index.js';
import { LocalGlueCrawlers } from '../glue/crawlers/local-glue-crawlers.js';
import { LocalGlueJobs } from '../glue/jobs.js';
import { type LocalRedshiftData, StatementMap } from '../redshift/index.js';
import { LocalS3 } from '../s3/local-s3.js';
import { LocalSns } from '../sns/local-sns.js';
import { openWarehouse } from '../warehouse-setup.js';
import { type WorkdirLayout, workdirLayout } from '../world.js';

export interface LocalCloudOptions {
  readonly workdir: string;
  /** Folders holding artifact trees whose Redshift and PostgreSQL SQL pair statements. */
  readonly trees: readonly string[];
  /** `pglite` (default) or a `postgres://` URL. */
  readonly warehouse?: string;
  readonly account?: string;
  readonly region?: string;
}

export class LocalCloud {
  readonly account: string;
  readonly region: string;
  readonly layout: WorkdirLayout;
  readonly catalog: LocalDataCatalog;
  readonly crawlers: LocalGlueCrawlers;
  readonly jobs: LocalGlueJobs;
  readonly sns: LocalSns;

  private constructor(
    private readonly options: LocalCloudOptions,
    readonly s3: LocalS3,
    readonly redshift: LocalRedshiftData,
  ) {
    this.account = options.account ?? '000000000000';
    this.region = options.region ?? 'us-east-1';
    this.layout = workdirLayout(options.workdir);
    this.catalog = new LocalDataCatalog(this.layout.catalog, { catalogId: this.account });
    this.crawlers = new LocalGlueCrawlers({ s3: this.s3, catalog: this.catalog });
    this.jobs = new LocalGlueJobs({ s3: this.s3, dir: this.layout.glue });
    this.sns = new LocalSns(this.layout.outbox, this.region, this.account);
  }

  static async open(options: LocalCloudOptions): Promise<LocalCloud> {
    const layout = workdirLayout(options.workdir);
    const s3 = new LocalS3(layout.s3);
    const redshift = await openWarehouse({
      s3,
      layout,
      warehouse: options.warehouse ?? 'pglite',
      trees: options.trees,
    });
    return new LocalCloud(options, s3, redshift);
  }

  /**
   * Re-reads the statement pairs of the trees: a tree synthesized or deployed after the endpoint
   * started is translated from the next statement on. Call before handing SQL to `redshift`.
   */
  refreshStatements(): void {
    this.redshift.useStatements(StatementMap.fromTrees(this.options.trees));
  }

  async close(): Promise<void> {
    await this.redshift.close();
  }
}
