/** What a run looks like in the terminal: a live line per state, then a summary. */
import { relative } from 'node:path';
import type { ExecutionEvent } from '../local/executor/index.js';
import { failureInWords, type RunRecord } from '../local/report/index.js';

const seconds = (ms: number): string => (ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`);

/** A message's further lines, indented under the line that starts it. */
const indented = (text: string): string => text.replaceAll('\n', '\n      ');

/**
 * A line when a Task or Parallel state finishes (polled states once, on their first pass), with
 * its time and retries. A failure gets its ✗ line when the state's fate is known — caught, or
 * passed up to the enclosing state or the execution — and a retry its ↻ line; a failure's message
 * is printed once, the first time it is seen, never again for a retry or a Fail state repeating it.
 * A state whose failure was caught is not also shown as finished.
 */
export function liveLines(say: (line: string) => void): (event: ExecutionEvent) => void {
  const entered = new Map<string, number>();
  const retries = new Map<string, number>();
  const shown = new Set<string>();
  /** Failures whose fate (retried, caught, passed up) is not known yet. */
  const pending = new Map<string, { at: number; error: string; cause: string }>();
  /** Causes already printed. */
  const told = new Set<string>();
  /** States whose last visit ended in a caught failure. */
  const failed = new Set<string>();
  // The clock starts with the execution, not with the setup before it.
  let origin = Date.now();
  const clock = (at: number) => `[${seconds(at - origin).padStart(6)}]`;
  const message = (error: string, cause: string): string => {
    if (cause === '' || told.has(cause)) return error;
    told.add(cause);
    return indented(failureInWords(error, cause));
  };
  const flush = (except?: string) => {
    for (const [state, f] of pending) {
      if (state === except) continue;
      pending.delete(state);
      say(`${clock(f.at)} ✗ ${state}: ${message(f.error, f.cause)}`);
    }
  };
  return (e) => {
    switch (e.type) {
      case 'ExecutionStarted':
        origin = e.at;
        break;
      case 'StateEntered':
        entered.set(e.state, e.at);
        retries.set(e.state, 0);
        failed.delete(e.state);
        if ((e.stateType === 'Task' || e.stateType === 'Parallel') && !shown.has(`start:${e.state}`)) {
          shown.add(`start:${e.state}`);
          if (e.stateType === 'Parallel') say(`${clock(e.at)} ▸ ${e.state}`);
        }
        break;
      case 'StateRetried': {
        retries.set(e.state, (retries.get(e.state) ?? 0) + 1);
        const f = pending.get(e.state);
        pending.delete(e.state);
        const why = f === undefined ? '' : ` after ${message(f.error, f.cause)}`;
        say(`${clock(e.at)}   ↻ ${e.state}: retry ${e.attempt}${why}`);
        break;
      }
      case 'StateFailed':
        // A failure passed up from an inner state is told before its enclosing state's.
        flush(e.state);
        pending.set(e.state, { at: e.at, error: e.error, cause: e.cause });
        break;
      case 'StateCaught':
        if (pending.has(e.state)) {
          const f = pending.get(e.state)!;
          pending.delete(e.state);
          say(`${clock(f.at)} ✗ ${e.state} (caught): ${message(f.error, f.cause)}`);
        }
        failed.add(e.state);
        break;
      case 'StateExited': {
        if (e.stateType !== 'Task' && e.stateType !== 'Parallel' && e.stateType !== 'Succeed') break;
        if (failed.has(e.state)) break;
        if (shown.has(`exit:${e.state}`)) break;
        shown.add(`exit:${e.state}`);
        const took = e.at - (entered.get(e.state) ?? e.at);
        const r = retries.get(e.state) ?? 0;
        say(`${clock(e.at)} ✓ ${e.state} (${seconds(took)}${r > 0 ? `, ${r + 1} attempts` : ''})`);
        break;
      }
      case 'ExecutionFailed':
        flush();
        say(`${clock(e.at)} ✗ execution failed: ${message(e.error, e.cause)}`);
        break;
      default:
        break;
    }
  };
}

export function summaryLines(run: RunRecord, paths: { runJson: string; report: string }): string[] {
  const lines = [
    '',
    `${run.status === 'SUCCEEDED' ? '✓' : '✗'} ${run.pipeline} ${run.status} in ${seconds(run.durationMs)}`,
  ];
  if (run.error !== undefined) {
    // The ✗ lines above carry the message, once; the summary repeats only the error's name.
    const code = run.error.slice(0, Math.max(0, run.error.indexOf(':'))) || run.error;
    lines.push(`  error: ${code} (the ✗ line above says why; run.json has it as "error")`);
  }
  const datasets = Object.entries(run.datasets);
  if (datasets.length > 0) {
    const width = Math.max(12, ...datasets.map(([name]) => name.length));
    lines.push('', `  ${'dataset'.padEnd(width)}    input   written  quarantined  duplicates  DQ score`);
    for (const [name, d] of datasets) {
      const q = run.quality.find((x) => x.dataset === name);
      const score = q === undefined ? '—' : `${(q.score * 100).toFixed(0)}%`;
      const n = (v: number, w: number) => v.toLocaleString('en-US').padStart(w);
      lines.push(
        `  ${name.padEnd(width)} ${n(d.inputRows, 8)} ${n(d.outputRows, 9)} ${n(d.quarantinedRows, 12)} ${n(d.duplicateRows, 11)}  ${score.padStart(8)}`,
      );
    }
  }
  const warnings = datasets.flatMap(([, d]) => d.warnings ?? []);
  if (warnings.length > 0) lines.push('', ...warnings.map((w) => `  ⚠ ${w}`));
  const failing = run.quality.flatMap((q) =>
    q.rules.filter((r) => r.result !== 'PASS').map((r) => `${q.dataset}: ${r.rule} (${r.result})`),
  );
  if (failing.length > 0) lines.push('', '  rules not passing:', ...failing.map((f) => `    ${f}`));
  const tables = Object.entries(run.warehouse.tables);
  if (tables.length > 0)
    lines.push('', `  warehouse: ${tables.map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ')}`);
  lines.push(`  notifications: ${run.notifications.map((n) => n.subject).join('; ') || 'none'}`);
  lines.push(
    '',
    `  run.json:    ${relative(process.cwd(), paths.runJson)}`,
    `  report.html: ${relative(process.cwd(), paths.report)}`,
  );
  return lines;
}
