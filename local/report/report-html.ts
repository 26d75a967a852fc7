/**
 * report.html: one self-contained page (inline CSS, no scripts, no network) a data engineer opens
 * after a run: status, a timeline of states, per-dataset accounting, data quality rule by rule,
 * PII findings, warehouse row counts and the notifications sent.
 */
import { rowsBalance } from '../../core/index.js';
import type { DatasetRecord, RunRecord, StateVisit } from './run-record.js';

const html = (value: unknown): string =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const fmt = (n: number): string => n.toLocaleString('en-US');
const ms = (n: number): string => (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`);

function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[] = [],
): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const th = headers
    .map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${html(h)}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((cell, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Bars on one time axis; a state visited many times (a poll) shares its row. */
function timeline(visits: readonly StateVisit[], totalMs: number): string {
  if (visits.length === 0) return '<p class="muted">No state ran.</p>';
  const span = Math.max(totalMs, ...visits.map((v) => v.endMs), 1);
  const rows = new Map<string, StateVisit[]>();
  for (const v of [...visits].sort((a, b) => a.startMs - b.startMs)) {
    if (v.type === 'Choice' || v.type === 'Pass') continue;
    rows.set(v.name, [...(rows.get(v.name) ?? []), v]);
  }
  const lines = [...rows].map(([name, vs]) => {
    const busy = vs.reduce((sum, v) => sum + (v.endMs - v.startMs), 0);
    const retries = vs.reduce((sum, v) => sum + v.retries, 0);
    const failed = vs.some((v) => v.status === 'FAILED');
    const bars = vs
      .map((v) => {
        const left = (v.startMs / span) * 100;
        const width = Math.max(((v.endMs - v.startMs) / span) * 100, 0.4);
        const title = `${v.name}: ${ms(v.endMs - v.startMs)}${v.retries > 0 ? `, ${v.retries} retries` : ''}${v.error ? `, ${v.error}` : ''}`;
        return `<span class="bar ${v.status === 'FAILED' ? 'bad' : v.retries > 0 ? 'warn' : 'ok'}" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%" title="${html(title)}"></span>`;
      })
      .join('');
    const note = [
      vs.length > 1 ? `${vs.length}×` : '',
      retries > 0 ? `${retries} retr${retries === 1 ? 'y' : 'ies'}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `<div class="tl-row"><div class="tl-name${failed ? ' bad-text' : ''}">${html(name)}</div><div class="tl-track">${bars}</div><div class="tl-time">${ms(busy)}${note ? ` <span class="muted">(${html(note)})</span>` : ''}</div></div>`;
  });
  return `<div class="timeline">${lines.join('\n')}</div>`;
}

function accountingBar(d: DatasetRecord): string {
  const total = Math.max(d.inputRows, 1);
  const part = (n: number, cls: string, label: string) =>
    n > 0
      ? `<span class="${cls}" style="width:${((n / total) * 100).toFixed(2)}%" title="${label}: ${fmt(n)}"></span>`
      : '';
  // The bar splits the rows read; a grain-changing job's written rows are groups, so its bar shows
  // the rows grouped and the input rows quarantined instead.
  const [kept, keptLabel, rejected] =
    d.accounting === 'rowPreserving'
      ? [d.outputRows, 'written', d.quarantinedRows]
      : [d.groupedRows, 'grouped', d.quarantinedRows - d.quarantinedGroups];
  return `<div class="stack">${part(kept, 'ok', keptLabel)}${part(rejected, 'bad', 'quarantined')}${part(d.duplicateRows, 'warn', 'duplicates')}</div>`;
}

/** The jobs' warnings (an empty input, empty files), when there are any. */
function warningsSection(run: RunRecord): string {
  const items = Object.entries(run.datasets).flatMap(([, d]) => d.warnings ?? []);
  if (items.length === 0) return '';
  return `<section><h2>Warnings</h2><ul>${items.map((w) => `<li>${html(w)}</li>`).join('')}</ul></section>`;
}

export function renderReport(run: RunRecord, visits: readonly StateVisit[]): string {
  const ok = run.status === 'SUCCEEDED';
  const datasets = Object.entries(run.datasets);
  const entities = [...new Set(datasets.flatMap(([, d]) => Object.keys(d.piiFindings)))].sort();
  const accounting = table(
    ['dataset', 'input rows', 'written', 'quarantined', 'duplicates', 'balanced', ''],
    datasets.map(([name, d]) => {
      const balanced = rowsBalance(d);
      return [
        html(name),
        fmt(d.inputRows),
        fmt(d.outputRows),
        fmt(d.quarantinedRows),
        fmt(d.duplicateRows),
        balanced ? '<span class="pill ok">yes</span>' : '<span class="pill bad">NO</span>',
        accountingBar(d),
      ];
    }),
    [1, 2, 3, 4],
  );
  const pii = table(
    ['dataset', ...entities],
    datasets.map(([name, d]) => [html(name), ...entities.map((e) => fmt(d.piiFindings[e] ?? 0))]),
    entities.map((_, i) => i + 1),
  );
  const quality = run.quality
    .map((q) => {
      const rows = q.rules.map((r) => [
        `<code>${html(r.rule)}</code>`,
        `<span class="pill ${r.result === 'PASS' ? 'ok' : 'bad'}">${r.result}</span>`,
        html(r.message),
        `<span class="muted">${html(
          Object.entries(r.metrics)
            .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(4)) : v}`)
            .join(', '),
        )}</span>`,
      ]);
      return `<h3>${html(q.dataset)} <span class="muted">ruleset ${html(q.ruleset)} · score ${(q.score * 100).toFixed(1)}%</span></h3>${table(['rule', 'result', 'message', 'metrics'], rows)}`;
    })
    .join('\n');
  const warehouse = table(
    ['table', 'rows'],
    Object.entries(run.warehouse.tables).map(([t, n]) => [html(t), fmt(n)]),
    [1],
  );
  const notifications =
    run.notifications.length === 0
      ? '<p class="muted">None.</p>'
      : run.notifications
          .map(
            (n) =>
              `<div class="note"><div><strong>${html(n.subject)}</strong> <span class="muted">${html(n.topic)}</span></div><pre>${html(n.message)}</pre></div>`,
          )
          .join('\n');
  const states = table(
    ['state', 'type', 'status', 'attempts', 'time'],
    run.states.map((s) => [
      html(s.name),
      html(s.type),
      `<span class="pill ${s.status === 'SUCCEEDED' ? 'ok' : 'bad'}">${s.status}</span>`,
      String(s.attempts),
      ms(s.durationMs),
    ]),
    [3, 4],
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(run.pipeline)} (${html(run.stage)}): ${run.status}</title>
<style>
:root { --ok:#1a7f37; --bad:#cf222e; --warn:#bf8700; --line:#d0d7de; --muted:#57606a; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:#1f2328; margin:0; background:#f6f8fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
header { padding: 20px 24px; color: #fff; background: ${ok ? 'var(--ok)' : 'var(--bad)'}; }
header h1 { margin:0; font-size: 22px; } header p { margin: 4px 0 0; opacity: .9; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding: 16px 20px; margin: 16px 0; }
h2 { margin: 0 0 12px; font-size: 17px; } h3 { font-size: 15px; margin: 18px 0 8px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align:left; padding: 5px 8px; border-bottom:1px solid var(--line); vertical-align: top; }
th { font-weight:600; color: var(--muted); } .num { text-align:right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); font-weight: normal; } code { font-size: 12.5px; }
.pill { display:inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight:600; color:#fff; }
.pill.ok { background: var(--ok); } .pill.bad { background: var(--bad); }
.stack { display:flex; width: 180px; height: 10px; border-radius: 5px; overflow:hidden; background:#eaeef2; margin-top: 4px; }
.stack span.ok, .bar.ok { background: var(--ok); } .stack span.bad, .bar.bad { background: var(--bad); } .stack span.warn, .bar.warn { background: var(--warn); }
.timeline { font-size: 13px; } .tl-row { display:grid; grid-template-columns: 260px 1fr 150px; gap: 8px; align-items:center; padding: 2px 0; }
.tl-name { overflow:hidden; text-overflow: ellipsis; white-space: nowrap; } .bad-text { color: var(--bad); font-weight: 600; }
.tl-track { position: relative; height: 12px; background:#f0f3f6; border-radius: 3px; } .bar { position:absolute; top:0; bottom:0; border-radius: 3px; }
.tl-time { text-align:right; font-variant-numeric: tabular-nums; }
.note { border-left: 3px solid var(--line); padding: 4px 12px; margin: 8px 0; } pre { white-space: pre-wrap; margin: 6px 0 0; font-size: 12.5px; }
.error { color: var(--bad); font-weight: 600; white-space: pre-wrap; }
</style></head>
<body>
<header><h1>${html(run.pipeline)} · ${html(run.stage)} · ${run.status}</h1>
<p>started ${html(run.startedAt)} · took ${ms(run.durationMs)} · ${run.states.length} states</p></header>
<main>
${run.error === undefined ? '' : `<section><h2>Error</h2><div class="error">${html(run.error)}</div></section>`}
${warningsSection(run)}
<section><h2>Timeline</h2>${timeline(visits, run.durationMs)}</section>
<section><h2>Datasets</h2><p class="muted">Every raw row is accounted for: input = written + quarantined + duplicates.</p>${accounting}</section>
<section><h2>Data quality</h2>${quality || '<p class="muted">No ruleset was evaluated.</p>'}</section>
<section><h2>PII findings</h2><p class="muted">Values detected and treated per entity type before anything was written.</p>${pii}</section>
<section><h2>Warehouse</h2>${warehouse}</section>
<section><h2>Notifications</h2>${notifications}</section>
<section><h2>States</h2>${states}</section>
</main></body></html>
`;
}
