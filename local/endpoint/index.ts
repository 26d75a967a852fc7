/**
 * `lakeline local serve` in one call: a simulated account over a workdir, every service the
 * pipelines use, behind one HTTP endpoint.
 */
import { LocalCloud, type LocalCloudOptions } from './cloud.js';
import { glueEndpoint } from './glue-endpoint.js';
import { iamEndpoint } from './iam-endpoint.js';
import { lakeFormationEndpoint } from './lakeformation-endpoint.js';
import { lambdaEndpoint } from './lambda-endpoint.js';
import { rdsDataEndpoint } from './rds-data-endpoint.js';
import { redshiftDataEndpoint } from './redshift-data-endpoint.js';
import { s3Endpoint } from './s3-endpoint.js';
import { schedulerEndpoint } from './scheduler-endpoint.js';
import { type EndpointFault, type RunningEndpoint, startLocalEndpoint } from './server.js';
import { sfnEndpoint } from './sfn-endpoint.js';
import { snsEndpoint } from './sns-endpoint.js';

export { LocalCloud, type LocalCloudOptions } from './cloud.js';
export {
  type EndpointFault,
  parseEndpointFault,
  type RunningEndpoint,
  startLocalEndpoint,
} from './server.js';
export type { ServiceEndpoint } from './types.js';

export interface ServeOptions extends LocalCloudOptions {
  readonly port?: number;
  readonly host?: string;
  readonly faults?: readonly EndpointFault[];
  readonly onRequest?: (line: { signingName: string; target: string; status: number; ms: number }) => void;
}

export interface LocalServer extends RunningEndpoint {
  readonly cloud: LocalCloud;
}

export async function serveLocal(options: ServeOptions): Promise<LocalServer> {
  // Functions invoked here reach this endpoint, whose address is known once it listens.
  let url: string | undefined;
  const cloud = await LocalCloud.open({ ...options, lambdaEndpoint: () => url });
  try {
    const endpoint = await startLocalEndpoint({
      services: [
        s3Endpoint(cloud),
        iamEndpoint(cloud),
        glueEndpoint(cloud),
        snsEndpoint(cloud),
        redshiftDataEndpoint(cloud),
        rdsDataEndpoint(cloud),
        lakeFormationEndpoint(cloud),
        sfnEndpoint(cloud),
        schedulerEndpoint(cloud),
        lambdaEndpoint(cloud),
      ],
      account: cloud.account,
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.faults === undefined ? {} : { faults: options.faults }),
      ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    });
    url = endpoint.url;
    return {
      ...endpoint,
      cloud,
      close: async () => {
        await endpoint.close();
        await cloud.close();
      },
    };
  } catch (error) {
    await cloud.close();
    throw error;
  }
}
