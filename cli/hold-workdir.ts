/**
 * The workdir lock as a command holds it: taken before the workdir is touched, released when the
 * command returns, when the process exits, and on Ctrl-C or SIGTERM.
 */
import { displayPath, lockWorkdir, type WorkdirLock } from '../local/workdir-lock.js';

/** The exit code a shell gives a process ended by each signal. */
const SIGNALS: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

export function holdWorkdir(workdir: string, command: string, say: (line: string) => void): WorkdirLock {
  const lock = lockWorkdir(workdir, command);
  const stale = lock.tookOverFrom;
  if (stale !== undefined) {
    say(
      `note: ${displayPath(workdir)} was locked by ${stale.command} (pid ${stale.pid}), which is no longer running; taking it over`,
    );
  }
  const onExit = () => lock.release();
  // A command that handles the signal itself (serve closes its server first) releases the lock
  // when it returns; otherwise the signal ends the process here, and the exit releases the lock.
  const onSignal = (signal: keyof typeof SIGNALS) => {
    if (process.listenerCount(signal) === 1) process.exit(SIGNALS[signal]);
  };
  process.on('exit', onExit);
  for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
  return {
    ...lock,
    release() {
      lock.release();
      process.off('exit', onExit);
      for (const signal of Object.keys(SIGNALS)) process.off(signal, onSignal);
    },
  };
}
