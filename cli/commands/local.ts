/**
 * `lakeline local serve`: the simulated account behind an AWS-compatible endpoint, until Ctrl-C.
 * Point any SDK, the AWS CLI or `lakeline deploy --endpoint` at it.
 */
import { createServer } from 'node:net';
import { relative, resolve } from 'node:path';
import { type EndpointFault, parseEndpointFault, serveLocal } from '../../local/endpoint/index.js';
import { displayPath } from '../../local/workdir-lock.js';
import { holdWorkdir } from '../hold-workdir.js';
import { CliError } from '../pipelines.js';
import { parseNumberOption } from './sample.js';

export interface ServeCommandOptions {
  readonly port?: string;
  readonly host: string;
  readonly workdir: string;
  readonly trees?: readonly string[];
  readonly warehouse: string;
  readonly fail?: readonly string[];
  readonly quiet?: boolean;
}

const portTaken = (host: string, port: number) =>
  new CliError(
    `${host}:${port} is already in use (another endpoint?); pass --port <n>, or 0 for any free port`,
  );

/** Listens on host:port and lets go: whether serve can have it, known before the workdir is touched. */
function probePort(host: string, port: number): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? portTaken(host, port) : error),
    );
    probe.listen(port, host, () => probe.close(() => done()));
  });
}

export async function serveCommand(options: ServeCommandOptions): Promise<number> {
  const port = parseNumberOption('--port', options.port, true) ?? 4566;
  if (port < 0 || port > 65535)
    throw new CliError(`--port must be between 0 (any free port) and 65535, not ${port}`);
  const faults = (options.fail ?? []).map(parseEndpointFault);
  if (port !== 0) await probePort(options.host, port);
  const workdir = resolve(options.workdir);
  const lock = holdWorkdir(workdir, 'lakeline local serve', (line) => process.stderr.write(`${line}\n`));
  try {
    // Each serve is a fresh account: the control plane lives in memory, so stale files would disagree with it.
    await lock.wipe();
    return await serve(workdir, port, faults, options);
  } finally {
    lock.release();
  }
}

async function serve(
  workdir: string,
  port: number,
  faults: readonly EndpointFault[],
  options: ServeCommandOptions,
): Promise<number> {
  const trees = (options.trees ?? ['out/local']).map((t) => resolve(t));
  const server = await serveLocal({
    workdir,
    trees,
    warehouse: options.warehouse,
    port,
    host: options.host,
    faults,
    ...(options.quiet
      ? {}
      : {
          onRequest: (r) =>
            process.stdout.write(`${r.status} ${r.signingName.padEnd(14)} ${r.target} (${r.ms} ms)\n`),
        }),
  }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? portTaken(options.host, port) : error;
  });
  process.stdout.write(
    `lakeline local endpoint on ${server.url} (account ${server.cloud.account}; state in ${displayPath(workdir)}; Redshift SQL translated with the trees in ${trees.map((t) => relative(process.cwd(), t)).join(', ')})\n` +
      `  deploy to it:  npx lakeline deploy --stage local --endpoint ${server.url}\n` +
      `  stop it:       Ctrl-C\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => {
      process.stdout.write('stopping…\n');
      server.close().then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
