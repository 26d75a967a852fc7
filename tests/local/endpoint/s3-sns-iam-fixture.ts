/**
 * The S3, SNS and IAM endpoints over a fresh simulated account, called with the real SDK clients.
 * Every request the services receive is recorded, so that a test can check what the client sent
 * (aws-chunked bodies, checksum headers) as well as what it got back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloud } from '../../../local/endpoint/cloud.js';
import { iamEndpoint } from '../../../local/endpoint/iam-endpoint.js';
import { s3Endpoint } from '../../../local/endpoint/s3-endpoint.js';
import { startLocalEndpoint } from '../../../local/endpoint/server.js';
import { snsEndpoint } from '../../../local/endpoint/sns-endpoint.js';
import type { EndpointRequest, ServiceEndpoint } from '../../../local/endpoint/types.js';

export const REGION = 'eu-west-1';
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface Services {
  readonly url: string;
  readonly cloud: LocalCloud;
  readonly workdir: string;
  /** Every request the services received, oldest first. */
  readonly requests: EndpointRequest[];
  close(): Promise<void>;
}

function recorded(service: ServiceEndpoint, requests: EndpointRequest[]): ServiceEndpoint {
  return {
    signingNames: service.signingNames,
    errorResponse: (error, request) => service.errorResponse(error, request),
    handle: (request) => {
      requests.push(request);
      return service.handle(request);
    },
  };
}

export async function startServices(name: string): Promise<Services> {
  const workdir = mkdtempSync(join(tmpdir(), `lakeline-${name}-`));
  const cloud = await LocalCloud.open({ workdir, trees: [] });
  const requests: EndpointRequest[] = [];
  const endpoint = await startLocalEndpoint({
    services: [s3Endpoint(cloud), snsEndpoint(cloud), iamEndpoint(cloud)].map((s) => recorded(s, requests)),
    account: cloud.account,
    port: 0,
  });
  return {
    url: endpoint.url,
    cloud,
    workdir,
    requests,
    close: async () => {
      await endpoint.close();
      await cloud.close();
      rmSync(workdir, { recursive: true, force: true });
    },
  };
}

export interface CaughtError {
  readonly name: string;
  readonly message: string;
  readonly status: number | undefined;
}

/** The SDK error a call fails with: its name, message and HTTP status. */
export async function errorOf(call: Promise<unknown>): Promise<CaughtError> {
  try {
    await call;
  } catch (e) {
    const error = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}
