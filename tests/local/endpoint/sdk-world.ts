/**
 * A simulated account behind the local endpoint, for tests that call it with the real AWS SDK
 * clients: a LocalCloud over a fresh workdir, the endpoint on a free port, and the settings every
 * client needs (the endpoint URL, a region, any credentials).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloud } from '../../../local/endpoint/cloud.js';
import { type RunningEndpoint, startLocalEndpoint } from '../../../local/endpoint/server.js';
import type { ServiceEndpoint } from '../../../local/endpoint/types.js';

export const REGION = 'eu-west-1';

export interface SdkWorld {
  readonly cloud: LocalCloud;
  readonly endpoint: RunningEndpoint;
  /** Spread into a client's constructor. */
  readonly client: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  close(): Promise<void>;
}

export async function sdkWorld(
  services: (cloud: LocalCloud) => readonly ServiceEndpoint[],
): Promise<SdkWorld> {
  const workdir = mkdtempSync(join(tmpdir(), 'lakeline-endpoint-'));
  const cloud = await LocalCloud.open({ workdir, trees: [], region: REGION });
  const endpoint = await startLocalEndpoint({ services: services(cloud), account: cloud.account, port: 0 });
  return {
    cloud,
    endpoint,
    client: {
      endpoint: endpoint.url,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    },
    close: async () => {
      await endpoint.close();
      await cloud.close();
      rmSync(workdir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `done` holds of its answer (or `timeoutMs` passes), returning the last answer. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The SDK error's `name` of a call that must fail. */
export async function errorName(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error('expected the call to fail');
}
