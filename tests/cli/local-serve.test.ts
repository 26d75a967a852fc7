/** `lakeline local serve` as a user runs it: starts, answers an SDK client, stops on SIGTERM. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { lakeline, ROOT } from './run-cli.js';

const workdir = mkdtempSync(join(tmpdir(), 'lakeline-serve-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('lakeline local serve', () => {
  it('prints its URL, serves the SDK, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [resolve(ROOT, 'bin/lakeline.js'), 'local', 'serve', '--port', '0', '--workdir', workdir],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
    );
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL printed: ${stdout}`)), 30_000);
      child.stdout.on('data', () => {
        const m = /local endpoint on (http:\/\/[\d.]+:\d+)/.exec(stdout);
        if (m !== null) {
          clearTimeout(timer);
          done(m[1]!);
        }
      });
    });
    const sfn = new SFNClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines).toEqual([]);
    sfn.destroy();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // One log line per request, then the stop.
    expect(stdout).toMatch(/200 states\s+AWSStepFunctions\.ListStateMachines/);
    expect(stdout).toMatch(/stopping/);
  });

  it('refuses a port out of range', () => {
    const r = lakeline(['local', 'serve', '--port', '70000', '--workdir', workdir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: --port must be between 0 (any free port) and 65535, not 70000\n');
  });
});
