/**
 * A throwaway PostgreSQL cluster made with the installed binaries (Debian's `postgresql` package;
 * `.ci/run` installs it) in a temporary folder, on a free local port, and removed when stopped.
 * `initdb` refuses to run as root, so as root the cluster runs as `postgres`. The test run starts
 * one (tests/global-setup.ts); test files get databases on it through `postgres-server.ts`.
 *
 * Without binaries there is no cluster, with the reason; binaries that fail to start a server are
 * an error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  readonly url: string;
  stop(): Promise<void>;
}

export type PostgresServerResult =
  | { readonly server: PostgresServer; readonly reason?: undefined }
  | { readonly server: undefined; readonly reason: string };

function binDir(): string | undefined {
  const fromPath = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = [
    ...(fromPath.status === 0 ? [fromPath.stdout.trim()] : []),
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** A server named by `LAKELINE_TEST_POSTGRES_URL` (it needs a superuser), used instead of a cluster. */
export const givenPostgresUrl = (): string | undefined => {
  const url = process.env.LAKELINE_TEST_POSTGRES_URL;
  return url === undefined || url === '' ? undefined : url;
};

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  if (givenPostgresUrl() !== undefined || binDir() !== undefined) return undefined;
  return 'no PostgreSQL binaries (initdb, pg_ctl) are installed and LAKELINE_TEST_POSTGRES_URL is not set';
}

/** A new cluster, its superuser's URL naming the `postgres` database. */
export async function startPostgresCluster(): Promise<PostgresServerResult> {
  const bin = binDir();
  if (bin === undefined) return { server: undefined, reason: postgresUnavailable()! };
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-pg-'));
  // The cluster's owner must be able to reach its folder.
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]]
      : [join(bin, command), args];
    execFileSync(file, argv, { stdio: 'pipe', cwd: dir });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const port = await freePort();
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
    const stopNow = () => {
      process.off('exit', stopNow);
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    // Vitest exits on SIGINT and SIGTERM without its teardown; the server must not outlive it.
    process.once('exit', stopNow);
    const stop = async () => stopNow();
    return { server: { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop } };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const e = error as { stderr?: Buffer; message: string };
    // Binaries that are there but do not start are a failure, not a reason to skip.
    throw new Error(`could not start PostgreSQL from ${bin}: ${e.stderr?.toString() || e.message}`, {
      cause: error,
    });
  }
}
