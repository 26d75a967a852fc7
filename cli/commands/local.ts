/**
 * `lakeline local serve`: the simulated account behind an AWS-compatible endpoint, until Ctrl-C.
 * Point any SDK, the AWS CLI or `lakeline deploy --endpoint` at it.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseEndpointFault, serveLocal } from '../../local/endpoint/index.js';
import { CliError } from '../pipelines.js';
import { parseNumberOption } from './sample.js';

export interface ServeCommandOptions {
  readonly port?: string;
  readonly host: string;
  readonly workdir: string;
  readonly trees: readonly string[];
  readonly warehouse: string;
  readonly fail: readonly string[];
  readonly quiet?: boolean;
}

export async function serveCommand(options: ServeCommandOptions): Promise<number> {
  const port = parseNumberOption('--port', options.port, true) ?? 4566;
  if (port < 0 || port > 65535)
    throw new CliError(`--port must be between 0 (any free port) and 65535, not ${port}`);
  const faults = options.fail.map(parseEndpointFault);
  // Each serve is a fresh account: the control plane lives in memory, so stale files would disagree with it.
  const workdir = resolve(options.workdir);
  rmSync(workdir, { recursive: true, force: true });
  mkdirSync(workdir, { recursive: true });
  const trees = (options.trees.length > 0 ? options.trees : ['out/local']).map((t) => resolve(t));
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
    if (error.code !== 'EADDRINUSE') throw error;
    throw new CliError(
      `${options.host}:${port} is already in use (another endpoint?); pass --port <n>, or 0 for any free port`,
    );
  });
  process.stdout.write(
    `lakeline local endpoint on ${server.url} (account ${server.cloud.account}; state in ${relative(process.cwd(), workdir) || '.'}; Redshift SQL translated with the trees in ${trees.map((t) => relative(process.cwd(), t)).join(', ')})\n` +
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
