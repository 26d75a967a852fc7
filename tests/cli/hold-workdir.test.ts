/** A command's workdir lock goes when the command is ended by Ctrl-C or SIGTERM. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'lakeline-hold-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A command that holds its workdir and never returns, like a long simulate.
const holder = `
const { holdWorkdir } = await import(${JSON.stringify(join(ROOT, 'cli/hold-workdir.ts'))});
holdWorkdir(process.argv[1], 'lakeline simulate x', () => undefined);
process.stdout.write('held\\n');
setInterval(() => undefined, 60_000);
`;

describe('holdWorkdir', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('releases the lock on %s and exits with %i', async (signal, code) => {
    const workdir = join(root, signal);
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', holder, workdir], {
      cwd: ROOT,
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    await new Promise<void>((done) => child.stdout.on('data', () => done()));
    expect(JSON.parse(readFileSync(join(workdir, 'lakeline.lock'), 'utf8')).pid).toBe(child.pid);
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(existsSync(join(workdir, 'lakeline.lock'))).toBe(false);
  });
});
