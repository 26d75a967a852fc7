/**
 * One process at a time in a workdir. `simulate`, `sfn run` and `local serve` keep a simulated
 * account there (S3, catalog, job bookmarks, warehouse); a second process writing to it, or wiping
 * it, while the first runs would lose or corrupt the first one's state.
 *
 * The lock is `<workdir>/lakeline.lock`, holding the holder's pid and command, created with
 * `open(…, 'wx')`: of two processes racing for it, exactly one creates it. A lock whose pid is no
 * longer alive is stale (its holder was killed with SIGKILL, or the machine stopped) and is taken
 * over; a lock that cannot be read is never taken over, and the error says how to remove it.
 */
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { workdirEntries, workdirLayout } from './world.js';

export interface LockHolder {
  readonly pid: number;
  /** What holds it, e.g. `lakeline local serve`. */
  readonly command: string;
  /** When it was taken (ISO time). */
  readonly since: string;
}

/** How a workdir is named in messages: relative to the current folder when it is under it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Another live process holds the workdir. */
export class WorkdirBusyError extends Error {
  constructor(
    readonly workdir: string,
    readonly holder: LockHolder | undefined,
    lockPath: string,
  ) {
    super(
      holder === undefined
        ? `${displayPath(workdir)} is locked, but its lock file ${displayPath(lockPath)} cannot be read; if no lakeline command is using this workdir, delete that file`
        : `${displayPath(workdir)} is in use by ${holder.command} (pid ${holder.pid}, since ${holder.since}); ` +
            `wait for it to finish or stop it, or pass another --workdir (if no such command runs, delete ${displayPath(lockPath)})`,
    );
    this.name = 'WorkdirBusyError';
  }
}

/** A folder holding files a workdir never has: emptying it could delete the user's own files. */
export class NotAWorkdirError extends Error {
  constructor(
    readonly workdir: string,
    readonly foreign: readonly string[],
  ) {
    super(
      `${displayPath(workdir)} holds ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}, which no lakeline workdir has; ` +
        'refusing to empty it: pass a new or empty --workdir',
    );
    this.name = 'NotAWorkdirError';
  }
}

export interface WorkdirLock {
  readonly workdir: string;
  readonly path: string;
  /** The holder of the stale lock this one replaced, if any. */
  readonly tookOverFrom?: LockHolder;
  /** Empties the workdir, all but the lock, for a fresh simulated account. */
  /**
   * Empties the workdir but for the lock: the entries are moved into a trash folder at once and
   * deleted in the background; the promise settles when they are gone.
   */
  wipe(): Promise<void>;
  /** Removes the lock if it is still this one's; safe to call more than once. */
  release(): void;
}

/** True while a process with this pid exists (EPERM: it exists, owned by someone else). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return Number.isInteger(h.pid) && (h.pid as number) > 0 && typeof h.command === 'string'
      ? { pid: h.pid as number, command: h.command, since: String(h.since ?? '?') }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The prefix of the folder a wipe moves a workdir's entries into before deleting them. */
const TRASH = '.trash-';

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/**
 * Moves a stale lock out of the way. The rename is atomic, so of two processes finding the same
 * stale lock one moves it; if what was moved is no longer the stale lock (a third process took
 * the workdir in between), it is put back.
 */
function removeStale(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (code(error) === 'ENOENT') return;
    throw error;
  }
  if (readFileSync(aside, 'utf8') !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone took the workdir meanwhile; the moved lock's holder will find its lock gone.
    }
  }
  unlinkSync(aside);
}

/** Takes the workdir's lock (creating the workdir), or throws WorkdirBusyError naming the holder. */
export function lockWorkdir(workdir: string, command: string): WorkdirLock {
  const { lock: path } = workdirLayout(workdir);
  mkdirSync(workdir, { recursive: true });
  const mine = `${JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() })}\n`;
  let tookOverFrom: LockHolder | undefined;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (readError) {
        if (code(readError) === 'ENOENT') continue; // released just now
        throw readError;
      }
      const holder = parseHolder(text);
      if (holder === undefined || alive(holder.pid)) throw new WorkdirBusyError(workdir, holder, path);
      removeStale(path, text);
      tookOverFrom = holder;
      continue;
    }
    try {
      writeSync(fd, mine);
    } finally {
      closeSync(fd);
    }
    break;
  }
  const ours = (): boolean => {
    try {
      return readFileSync(path, 'utf8') === mine;
    } catch {
      return false;
    }
  };
  return {
    workdir,
    path,
    ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
    wipe() {
      if (!ours())
        throw new Error(`${displayPath(workdir)}: the lock is no longer this process's; not wiping`);
      const entries = readdirSync(workdir).filter((e) => join(workdir, e) !== path);
      // An interrupted run's trash is the workdir's own too.
      const foreign = entries.filter((e) => !workdirEntries.includes(e) && !e.startsWith(TRASH));
      if (foreign.length > 0) throw new NotAWorkdirError(workdir, foreign);
      if (entries.length === 0) return Promise.resolve();
      const trash = join(workdir, `${TRASH}${process.pid}-${Date.now()}`);
      mkdirSync(trash);
      for (const e of entries) renameSync(join(workdir, e), join(trash, e));
      return rm(trash, { recursive: true, force: true });
    },
    release() {
      if (ours()) unlinkSync(path);
    },
  };
}
