/**
 * What the AWS SDK inside a function reaches during `simulate`: an endpoint on a free local port
 * over the run's own S3 and SNS (the services a function of these pipelines reads, writes and
 * notifies through), started only when the tree has functions. Under `lakeline local serve`
 * functions reach every service the endpoint serves instead.
 */
import { type ArtifactTree, artifactLayout as layout } from '../../core/index.js';
import type { LocalCloud } from '../endpoint/cloud.js';
import { s3Endpoint } from '../endpoint/s3-endpoint.js';
import { type RunningEndpoint, startLocalEndpoint } from '../endpoint/server.js';
import { snsEndpoint } from '../endpoint/sns-endpoint.js';

export async function functionsEndpoint(
  tree: ArtifactTree,
  services: Pick<LocalCloud, 's3' | 'sns' | 'account'>,
): Promise<RunningEndpoint | undefined> {
  if (tree.list(layout.lambdaConfigs).length === 0) return undefined;
  return startLocalEndpoint({
    services: [s3Endpoint(services), snsEndpoint(services)],
    account: services.account,
    port: 0,
  });
}
