/** A plan as the terminal shows it (Terraform-like) and as `--json` prints it. */

import type { DestroyStep, TreePlan } from './plan.js';
import type { Change, PlannedChange } from './resource.js';

export interface PlanJson {
  readonly resource: string;
  readonly type: string;
  readonly action: 'create' | 'update' | 'delete' | 'none';
  readonly changes?: readonly { readonly field: string; readonly from: unknown; readonly to: unknown }[];
}

export function planJson(plans: readonly TreePlan[]): PlanJson[] {
  return plans.flatMap((p) =>
    p.changes.map((c) => ({
      resource: c.resource.name,
      type: c.resource.type,
      action: c.action,
      ...(c.action === 'update'
        ? { changes: c.changes.map((x) => ({ field: x.field, from: x.from, to: x.to })) }
        : {}),
    })),
  );
}

const SIGN = { create: '+', update: '~', delete: '-', none: ' ' } as const;

/** A value short enough for one line: long documents are summarized, not dumped. */
function brief(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return text.length <= 100 ? text : `${text.slice(0, 97)}…`;
}

/** The leaves that differ inside a changed field, so a one-line edit in a large document reads as one line. */
function leafChanges(from: unknown, to: unknown, path: string): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (isObj(from) && isObj(to) && Array.isArray(from) === Array.isArray(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((k) =>
      leafChanges(from[k], to[k], Array.isArray(to) ? `${path}[${k}]` : `${path}.${k}`),
    );
  }
  return JSON.stringify(from) === JSON.stringify(to) ? [] : [`${path}: ${brief(from)} → ${brief(to)}`];
}

export function changeLines(changes: readonly Change[]): string[] {
  return changes.flatMap((c) => leafChanges(c.from, c.to, c.field)).slice(0, 20);
}

export function planLines(plan: TreePlan, verbose = false): string[] {
  const { context: ctx, changes } = plan;
  const lines = [`${ctx.pipeline} (${ctx.stage}) — account ${ctx.account}, ${ctx.region}`];
  for (const c of changes) {
    if (c.action === 'none' && !verbose) continue;
    lines.push(`  ${SIGN[c.action]} ${c.action.padEnd(6)} ${c.resource.type.padEnd(36)} ${c.resource.name}`);
    if (c.action === 'update') for (const l of changeLines(c.changes)) lines.push(`             ${l}`);
  }
  lines.push(`  ${summary(changes)}`);
  return lines;
}

export function summary(changes: readonly PlannedChange[]): string {
  const n = (a: PlannedChange['action']) => changes.filter((c) => c.action === a).length;
  if (changes.every((c) => c.action === 'none')) return `No changes: ${changes.length} resources up to date.`;
  return `Plan: ${n('create')} to create, ${n('update')} to update, ${n('delete')} to delete, ${n('none')} unchanged.`;
}

export function destroyLines(steps: readonly DestroyStep[]): string[] {
  return steps
    .filter((s) => s.action !== 'absent')
    .map((s) =>
      s.action === 'delete'
        ? `  - delete ${s.resource.type.padEnd(36)} ${s.resource.name}`
        : `    keep   ${s.resource.type.padEnd(36)} ${s.resource.name} (${s.resource.keptBecause ?? "not tagged as this pipeline's"})`,
    );
}
