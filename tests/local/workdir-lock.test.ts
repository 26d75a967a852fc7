/** The workdir lock: one holder at a time, stale locks taken over, only its own lock released. */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockWorkdir, NotAWorkdirError, WorkdirBusyError } from '../../local/workdir-lock.js';

const root = mkdtempSync(join(tmpdir(), 'lakeline-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `w${n++}`);

/** The pid of a process that has exited: a lock holding it is stale. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

describe('lockWorkdir', () => {
  it('creates the workdir and a lock file with the pid and command', () => {
    const dir = fresh();
    const lock = lockWorkdir(dir, 'lakeline simulate x');
    const held = JSON.parse(readFileSync(join(dir, 'lakeline.lock'), 'utf8'));
    expect([held.pid, held.command]).toEqual([process.pid, 'lakeline simulate x']);
    expect(lock.tookOverFrom).toBeUndefined();
    lock.release();
    expect(existsSync(join(dir, 'lakeline.lock'))).toBe(false);
    lock.release(); // a second release is harmless
  });

  it('refuses a workdir a live process holds, naming the command and pid', () => {
    const dir = fresh();
    const first = lockWorkdir(dir, 'lakeline local serve');
    let error: unknown;
    try {
      lockWorkdir(dir, 'lakeline simulate x');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkdirBusyError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${dir.replaceAll('/', '\\/')} is in use by lakeline local serve \\(pid ${process.pid}, since [0-9T:.Z-]+\\); wait for it to finish or stop it, or pass another --workdir \\(if no such command runs, delete ${dir.replaceAll('/', '\\/')}\\/lakeline\\.lock\\)$`,
      ),
    );
    // The refused attempt left the holder's lock alone.
    expect(JSON.parse(readFileSync(first.path, 'utf8')).command).toBe('lakeline local serve');
    first.release();
    lockWorkdir(dir, 'lakeline simulate x').release();
  });

  it('takes over a lock whose process is gone, and says whose it was', () => {
    const dir = fresh();
    mkdirSync(dir);
    const pid = deadPid();
    writeFileSync(
      join(dir, 'lakeline.lock'),
      JSON.stringify({ pid, command: 'lakeline sfn run m.asl.json', since: 'x' }),
    );
    const lock = lockWorkdir(dir, 'lakeline simulate x');
    expect(lock.tookOverFrom).toEqual({ pid, command: 'lakeline sfn run m.asl.json', since: 'x' });
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['lakeline.lock']);
    lock.release();
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'garbage'],
    ['without a pid', '{"command":"x"}'],
  ])('never takes over a lock it cannot read (%s)', (_, text) => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'lakeline.lock'), text);
    expect(() => lockWorkdir(dir, 'lakeline simulate x')).toThrow(
      `${dir} is locked, but its lock file ${join(dir, 'lakeline.lock')} cannot be read; if no lakeline command is using this workdir, delete that file`,
    );
    expect(readFileSync(join(dir, 'lakeline.lock'), 'utf8')).toBe(text);
  });

  it('releases only its own lock', () => {
    const dir = fresh();
    const lock = lockWorkdir(dir, 'a');
    const other = JSON.stringify({ pid: process.pid, command: 'b', since: 'later' });
    writeFileSync(lock.path, other);
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe(other);
  });
});

describe('wipe', () => {
  it('empties a workdir, all but the lock, at once, and deletes the entries in the background', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 's3', 'bucket'), { recursive: true });
    writeFileSync(join(dir, 's3', 'bucket', 'key'), 'x');
    writeFileSync(join(dir, 'run.json'), '{}');
    // An interrupted run's trash goes too.
    mkdirSync(join(dir, '.trash-1-1', 's3'), { recursive: true });
    const lock = lockWorkdir(dir, 'a');
    const deleted = lock.wipe();
    // Nothing of the last run is where this run would read it, even before the deletion ends.
    expect(readdirSync(dir).filter((e) => !e.startsWith('.trash-'))).toEqual(['lakeline.lock']);
    await deleted;
    expect(readdirSync(dir)).toEqual(['lakeline.lock']);
    lock.release();
  });

  it("refuses to empty a folder holding what no workdir has (the user's own files)", () => {
    const dir = fresh();
    mkdirSync(join(dir, 's3'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{}');
    writeFileSync(join(dir, 'notes.md'), '');
    const lock = lockWorkdir(dir, 'a');
    expect(() => lock.wipe()).toThrow(NotAWorkdirError);
    expect(() => lock.wipe()).toThrow(
      `${dir} holds notes.md, package.json, which no lakeline workdir has; refusing to empty it: pass a new or empty --workdir`,
    );
    expect(readdirSync(dir).sort()).toEqual(['lakeline.lock', 'notes.md', 'package.json', 's3']);
    lock.release();
  });
});
