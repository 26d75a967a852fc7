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
import { type LocalServices, openLocalServices } from '../local-services.js';
import { type LocalRedshiftData, StatementMap } from '../redshift/index.js';

export interface LocalCloudOptions {
  readonly workdir: string;
  /** Folders holding artifact trees whose Redshift and PostgreSQL SQL pair statements. */
  readonly trees: readonly string[];
  /** `pglite` (default) or a `postgres://` URL. */
  readonly warehouse?: string;
  readonly account?: string;
  readonly region?: string;
  /** The endpoint the AWS SDK inside Lambda functions is pointed at. */
  readonly lambdaEndpoint?: () => string | undefined;
}

/** The simulated account's services, its warehouse open: the endpoint's handlers call it as it is. */
export interface LocalCloud extends Omit<LocalServices, 'redshift'> {
  readonly redshift: LocalRedshiftData;
  /**
   * Re-reads the statement pairs of the trees: a tree synthesized or deployed after the endpoint
   * started is translated from the next statement on. Call before handing SQL to `redshift`.
   */
  refreshStatements(): void;
}

export const LocalCloud = {
  async open(options: LocalCloudOptions): Promise<LocalCloud> {
    const services = openLocalServices({
      workdir: options.workdir,
      warehouse: options.warehouse ?? 'pglite',
      trees: options.trees,
      ...(options.account === undefined ? {} : { account: options.account }),
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.lambdaEndpoint === undefined ? {} : { lambdaEndpoint: options.lambdaEndpoint }),
    });
    let redshift: LocalRedshiftData;
    try {
      redshift = await services.redshift;
    } catch (error) {
      await services.close();
      throw error;
    }
    return {
      ...services,
      redshift,
      refreshStatements: () => redshift.useStatements(StatementMap.fromTrees(options.trees)),
    };
  },
};
