/**
 * run.json, exactly as docs/contracts.md documents it, built from the execution's event stream, the run
 * summaries the Glue jobs left in S3, the warehouse and the SNS outbox.
 */
import type { QualitySummary, RunAccounting, RunCounts, RunSummary } from '../../core/index.js';
import type { ExecutionEvent } from '../executor/types.js';

export type StateStatus = 'SUCCEEDED' | 'FAILED' | 'RUNNING';

export interface StateRecord {
  readonly name: string;
  readonly type: string;
  readonly status: StateStatus;
  readonly attempts: number;
  readonly durationMs: number;
}

/**
 * A dataset's entry: what its job's run summary says of the rows, and how they are accounted for
 * (a grain-changing job adds the rows it grouped and the groups it quarantined).
 */
export type DatasetRecord = RunCounts &
  RunAccounting & {
    readonly piiFindings: RunSummary['piiFindings'];
    /** The job's warnings (an empty input, empty files); left out when there are none. */
    readonly warnings?: RunSummary['warnings'];
  };

/** A job's quality summary; a run that evaluated no rule scores 1 here. */
export interface QualityRecord extends Omit<QualitySummary, 'score'> {
  readonly score: number;
}

export interface NotificationRecord {
  readonly topic: string;
  readonly subject: string;
  readonly message: string;
}

export interface RunRecord {
  readonly pipeline: string;
  readonly stage: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly states: readonly StateRecord[];
  readonly datasets: Readonly<Record<string, DatasetRecord>>;
  readonly quality: readonly QualityRecord[];
  readonly warehouse: { readonly tables: Readonly<Record<string, number>> };
  readonly notifications: readonly NotificationRecord[];
}

/** One pass through a state, for the report's timeline. */
export interface StateVisit {
  readonly name: string;
  readonly type: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly status: StateStatus;
  readonly retries: number;
  readonly error?: string;
}

/**
 * States in the order they were first entered, one record per state name: a polled state's
 * visits add up; `attempts` counts the first try plus its retries in the visit that needed most.
 */
export function stateRecords(events: readonly ExecutionEvent[]): {
  states: StateRecord[];
  visits: StateVisit[];
} {
  const order: string[] = [];
  const totals = new Map<
    string,
    { type: string; status: StateStatus; attempts: number; durationMs: number }
  >();
  const open = new Map<
    string,
    { type: string; start: number; retries: number; error?: string; caught?: boolean }
  >();
  const visits: StateVisit[] = [];
  const origin = events[0]?.at ?? 0;
  const close = (name: string, at: number, status: StateStatus) => {
    const visit = open.get(name);
    const total = totals.get(name);
    if (visit === undefined || total === undefined) return;
    open.delete(name);
    total.durationMs += at - visit.start;
    total.status = status;
    total.attempts = Math.max(total.attempts, visit.retries + 1);
    visits.push({
      name,
      type: visit.type,
      startMs: visit.start - origin,
      endMs: at - origin,
      status,
      retries: visit.retries,
      ...(visit.error === undefined ? {} : { error: visit.error }),
    });
  };
  // A failed attempt is StateFailed then StateRetried; a caught failure is StateFailed, StateCaught,
  // then StateExited; an uncaught one is StateFailed, then the execution fails.
  for (const e of events) {
    switch (e.type) {
      case 'StateEntered':
        if (!totals.has(e.state)) {
          order.push(e.state);
          totals.set(e.state, { type: e.stateType, status: 'RUNNING', attempts: 1, durationMs: 0 });
        }
        open.set(e.state, { type: e.stateType, start: e.at, retries: 0 });
        break;
      case 'StateFailed': {
        const visit = open.get(e.state);
        if (visit !== undefined) visit.error = e.error;
        break;
      }
      case 'StateRetried': {
        const visit = open.get(e.state);
        if (visit !== undefined) visit.retries++;
        break;
      }
      case 'StateCaught': {
        const visit = open.get(e.state);
        if (visit !== undefined) visit.caught = true;
        break;
      }
      case 'StateExited':
        close(e.state, e.at, open.get(e.state)?.caught ? 'FAILED' : 'SUCCEEDED');
        break;
      case 'ExecutionFailed':
        for (const name of [...open.keys()]) close(name, e.at, 'FAILED');
        break;
      default:
        break;
    }
  }
  const states = order.map((name) => {
    const t = totals.get(name)!;
    return {
      name,
      type: t.type,
      status: t.status,
      attempts: t.attempts,
      durationMs: Math.round(t.durationMs),
    };
  });
  return { states, visits };
}
