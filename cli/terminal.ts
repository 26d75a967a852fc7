/** What a run looks like in the terminal: a live line per state, then a summary. */
import { relative } from 'node:path';
import type { ExecutionEvent } from '../local/executor/index.js';
import type { RunRecord } from '../local/report/index.js';

const seconds = (ms: number): string => (ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`);

/**
 * A line when a Task or Parallel state finishes (polled states once, on their first pass), with
 * its time and retries; failures and caught errors always get their line.
 */
export function liveLines(say: (line: string) => void): (event: ExecutionEvent) => void {
  const entered = new Map<string, number>();
  const retries = new Map<string, number>();
  const shown = new Set<string>();
  // The clock starts with the execution, not with the setup before it.
  let origin = Date.now();
  const clock = (at: number) => `[${seconds(at - origin).padStart(6)}]`;
  return (e) => {
    switch (e.type) {
      case 'ExecutionStarted':
        origin = e.at;
        break;
      case 'StateEntered':
        entered.set(e.state, e.at);
        retries.set(e.state, 0);
        if ((e.stateType === 'Task' || e.stateType === 'Parallel') && !shown.has(`start:${e.state}`)) {
          shown.add(`start:${e.state}`);
          if (e.stateType === 'Parallel') say(`${clock(e.at)} ▸ ${e.state}`);
        }
        break;
      case 'StateRetried':
        retries.set(e.state, (retries.get(e.state) ?? 0) + 1);
        say(`${clock(e.at)}   ↻ ${e.state}: retry ${e.attempt}`);
        break;
      case 'StateFailed':
        say(`${clock(e.at)} ✗ ${e.state}: ${e.error}${e.cause ? ` — ${e.cause.slice(0, 300)}` : ''}`);
        break;
      case 'StateExited': {
        if (e.stateType !== 'Task' && e.stateType !== 'Parallel' && e.stateType !== 'Succeed') break;
        if (shown.has(`exit:${e.state}`)) break;
        shown.add(`exit:${e.state}`);
        const took = e.at - (entered.get(e.state) ?? e.at);
        const r = retries.get(e.state) ?? 0;
        say(`${clock(e.at)} ✓ ${e.state} (${seconds(took)}${r > 0 ? `, ${r + 1} attempts` : ''})`);
        break;
      }
      case 'ExecutionFailed':
        say(`${clock(e.at)} ✗ execution failed: ${e.error}`);
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
  if (run.error !== undefined) lines.push(`  error: ${run.error}`);
  const datasets = Object.entries(run.datasets);
  if (datasets.length > 0) {
    lines.push('', '  dataset        input   written  quarantined  duplicates  DQ score');
    for (const [name, d] of datasets) {
      const q = run.quality.find((x) => x.dataset === name);
      const score = q === undefined ? '—' : `${(q.score * 100).toFixed(0)}%`;
      const n = (v: number, w: number) => v.toLocaleString('en-US').padStart(w);
      lines.push(
        `  ${name.padEnd(12)} ${n(d.inputRows, 8)} ${n(d.outputRows, 9)} ${n(d.quarantinedRows, 12)} ${n(d.duplicateRows, 11)}  ${score.padStart(8)}`,
      );
    }
  }
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
