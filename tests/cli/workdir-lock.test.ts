/**
 * One process per workdir, as a user meets it: a second `local serve`, `simulate` or `sfn run`
 * into a workdir a running endpoint holds is refused with the holder's pid, and the running
 * endpoint's state (an object in its S3) is still there afterwards; the lock goes when it stops.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, ROOT } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'lakeline-workdir-lock-'));
// The default workdir of `simulate student-enrollment` run from `root`.
const workdir = join(root, '.lakeline', 'student-enrollment');
const pipelines = resolve(ROOT, 'pipelines');
const bin = resolve(ROOT, 'bin/lakeline.js');
const machine = join(root, 'pass.asl.json');
writeFileSync(machine, JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }));

/** `lakeline …` run from `root`, without blocking the endpoint this test process talks to. */
function lakeline(args: readonly string[]): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      (_error, stdout, stderr) => done({ status: child.exitCode, stdout, stderr }),
    );
  });
}

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  readonly exited: Promise<number | null>;
}

/** Starts `lakeline local serve` and waits for the line that says where it listens. */
function serve(args: readonly string[]): Promise<Served> {
  const child = spawn(process.execPath, [bin, 'local', 'serve', '--quiet', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let out = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL printed: ${out}`)), 30_000);
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /local endpoint on (http:\/\/[\d.]+:(\d+))/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        done({ child, url: m[1]!, port: Number(m[2]), exited });
      }
    });
    exited.then((code) => fail(new Error(`serve exited with ${code}: ${out}`)));
  });
}

let first: Served;
let s3: S3Client;
const object = { Bucket: 'kept', Key: 'raw/students/part-0.csv' };

async function objectBody(): Promise<string> {
  const got = await s3.send(new GetObjectCommand(object));
  return (await got.Body!.transformToString()).trim();
}

beforeAll(async () => {
  first = await serve(['--port', '0', '--workdir', workdir]);
  s3 = new S3Client({
    endpoint: first.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: object.Bucket }));
  await s3.send(new PutObjectCommand({ ...object, Body: 'student_id\n1' }));
});

afterAll(async () => {
  s3?.destroy();
  first?.child.kill('SIGTERM');
  await first?.exited;
  rmSync(root, { recursive: true, force: true });
});

const busy = (pid: number) =>
  new RegExp(
    `^error: \\.lakeline/student-enrollment is in use by lakeline local serve \\(pid ${pid}, since [0-9T:.Z-]+\\); wait for it to finish or stop it, or pass another --workdir \\(if no such command runs, delete \\.lakeline/student-enrollment/lakeline\\.lock\\)\\n$`,
  );

describe('a workdir held by a running endpoint', () => {
  it('is recorded in its lock file with the endpoint pid', () => {
    expect(existsSync(join(workdir, 'lakeline.lock'))).toBe(true);
  });

  it('refuses a second serve on the same port before touching the workdir', async () => {
    const r = await lakeline(['local', 'serve', '--port', String(first.port), '--workdir', workdir]);
    expect([r.status, r.stderr]).toEqual([
      1,
      `error: 127.0.0.1:${first.port} is already in use (another endpoint?); pass --port <n>, or 0 for any free port\n`,
    ]);
    expect(await objectBody()).toBe('student_id\n1');
  });

  it('refuses a second serve on another port, naming the holder', async () => {
    const r = await lakeline(['local', 'serve', '--port', '0', '--workdir', '.lakeline/student-enrollment']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(busy(first.child.pid!));
    expect(await objectBody()).toBe('student_id\n1');
  });

  it('refuses simulate into its default workdir, which it would otherwise start fresh', async () => {
    const r = await lakeline(['--pipelines', pipelines, 'simulate', 'student-enrollment', '--rows', '10']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(busy(first.child.pid!));
    expect(await objectBody()).toBe('student_id\n1');
  });

  it('refuses sfn run into it', async () => {
    const r = await lakeline(['sfn', 'run', machine, '--workdir', '.lakeline/student-enrollment']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(busy(first.child.pid!));
    expect(await objectBody()).toBe('student_id\n1');
  });
});

describe('a workdir whose holder has stopped', () => {
  it('is free again once serve stops on SIGTERM', async () => {
    const dir = join(root, 'stopped');
    const served = await serve(['--port', '0', '--workdir', dir]);
    expect(existsSync(join(dir, 'lakeline.lock'))).toBe(true);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    expect(existsSync(join(dir, 'lakeline.lock'))).toBe(false);
  });

  it('is taken over from a holder that died, with a note', async () => {
    const dir = join(root, 'dead');
    mkdirSync(dir, { recursive: true });
    // A pid that no process has: above Linux's largest pid_max.
    const pid = 4_194_305;
    writeFileSync(
      join(dir, 'lakeline.lock'),
      JSON.stringify({ pid, command: 'lakeline simulate x', since: 'x' }),
    );
    const r = await lakeline(['sfn', 'run', machine, '--workdir', 'dead']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      `note: dead was locked by lakeline simulate x (pid ${pid}), which is no longer running; taking it over\n`,
    );
    expect(existsSync(join(dir, 'lakeline.lock'))).toBe(false);
  });
});

describe('a folder that is not a workdir', () => {
  it('is not emptied by serve', async () => {
    const dir = join(root, 'project');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{}');
    const r = await lakeline(['local', 'serve', '--port', '0', '--workdir', 'project']);
    expect([r.status, r.stderr]).toEqual([
      1,
      `error: project holds package.json, which no lakeline workdir has; refusing to empty it: pass a new or empty --workdir\n`,
    ]);
    expect(existsSync(join(dir, 'package.json'))).toBe(true);
    expect(existsSync(join(dir, 'lakeline.lock'))).toBe(false);
  });
});
