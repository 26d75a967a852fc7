/**
 * GetExecutionHistory's events, built from the executor's events in Step Functions' shapes:
 * ExecutionStarted; for each state visited `<Type>StateEntered` (name, input) and
 * `<Type>StateExited` (name, output); TaskFailed for each failed attempt of a Task (the ones a
 * Retry retried, the one a Catch caught, the last); ParallelStateFailed / MapStateFailed; and
 * ExecutionSucceeded (output) or ExecutionFailed (error, cause). Ids count from 1 and each event's
 * previousEventId is the event before it: locally the history is one sequence, where Step
 * Functions links the events of parallel branches to their own predecessors.
 *
 * Not emitted: TaskScheduled, TaskStarted, TaskSucceeded (the executor reports a state's output,
 * not the raw result of its integration), the Map/Parallel Started and iteration events.
 */
import { type ExecutionEvent, type JsonValue, walkStates } from '../executor/index.js';

interface DataDetails {
  readonly truncated: boolean;
}

export interface HistoryEvent {
  readonly timestamp: Date;
  readonly type: string;
  readonly id: number;
  readonly previousEventId: number;
  readonly executionStartedEventDetails?: { input?: string; inputDetails: DataDetails; roleArn: string };
  readonly stateEnteredEventDetails?: { name: string; input?: string; inputDetails: DataDetails };
  readonly stateExitedEventDetails?: { name: string; output?: string; outputDetails: DataDetails };
  readonly taskFailedEventDetails?: { resourceType: string; resource: string; error: string; cause: string };
  readonly executionSucceededEventDetails?: { output?: string; outputDetails: DataDetails };
  readonly executionFailedEventDetails?: { error: string; cause: string };
}

export interface ExecutionRun {
  readonly input: string;
  readonly roleArn: string;
  readonly startDate: Date;
  readonly events: readonly ExecutionEvent[];
  /** Undefined while the execution runs. */
  readonly result:
    | undefined
    | { readonly status: 'SUCCEEDED'; readonly output: string; readonly stopDate: Date }
    | { readonly status: 'FAILED'; readonly error: string; readonly cause: string; readonly stopDate: Date };
}

type Details = Omit<HistoryEvent, 'timestamp' | 'id' | 'previousEventId'>;

const UNTRUNCATED: DataDetails = { truncated: false };
const json = (value: JsonValue | undefined): string => JSON.stringify(value ?? null);

/** `arn:aws:states:::sns:publish` → `sns` and `publish`, as the history names a Task's integration. */
function integration(resource: string): { resourceType: string; resource: string } {
  const path = resource.replace(/^arn:aws[a-z-]*:states:[^:]*:[^:]*:/, '');
  const cut = path.lastIndexOf(':');
  return cut < 0
    ? { resourceType: '', resource: path }
    : { resourceType: path.slice(0, cut), resource: path.slice(cut + 1) };
}

/**
 * The history of one execution, oldest first. `includeData` false leaves out inputs and outputs,
 * as `includeExecutionData: false` does.
 */
export function executionHistory(
  run: ExecutionRun,
  definition: JsonValue,
  includeData = true,
): HistoryEvent[] {
  const resources = new Map(
    walkStates(definition).flatMap((s) => (s.resource === undefined ? [] : [[s.name, s.resource] as const])),
  );
  const types = new Map(walkStates(definition).map((s) => [s.name, s.type]));
  const data = (key: 'input' | 'output', value: string) => (includeData ? { [key]: value } : {});

  const entries: { at: Date; details: Details }[] = [
    {
      at: run.startDate,
      details: {
        type: 'ExecutionStarted',
        executionStartedEventDetails: {
          ...data('input', run.input),
          inputDetails: UNTRUNCATED,
          roleArn: run.roleArn,
        },
      },
    },
  ];
  for (const e of run.events) {
    const at = new Date(e.at);
    switch (e.type) {
      case 'StateEntered':
        entries.push({
          at,
          details: {
            type: `${e.stateType}StateEntered`,
            stateEnteredEventDetails: {
              name: e.state,
              ...data('input', json(e.input)),
              inputDetails: UNTRUNCATED,
            },
          },
        });
        break;
      case 'StateExited':
        entries.push({
          at,
          details: {
            type: `${e.stateType}StateExited`,
            stateExitedEventDetails: {
              name: e.state,
              ...data('output', json(e.output)),
              outputDetails: UNTRUNCATED,
            },
          },
        });
        break;
      case 'StateFailed': {
        const type = types.get(e.state);
        if (type === 'Task') {
          entries.push({
            at,
            details: {
              type: 'TaskFailed',
              taskFailedEventDetails: {
                ...integration(resources.get(e.state) ?? ''),
                error: e.error,
                cause: e.cause,
              },
            },
          });
        } else if (type === 'Parallel' || type === 'Map') {
          entries.push({ at, details: { type: `${type}StateFailed` } });
        }
        break;
      }
      default:
        // ExecutionStarted/Succeeded/Failed come from the run itself (an execution that fails
        // before the interpreter starts has none from it); StateRetried and StateCaught have no
        // event of their own in Step Functions' history.
        break;
    }
  }
  const result = run.result;
  if (result?.status === 'SUCCEEDED') {
    entries.push({
      at: result.stopDate,
      details: {
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { ...data('output', result.output), outputDetails: UNTRUNCATED },
      },
    });
  } else if (result?.status === 'FAILED') {
    entries.push({
      at: result.stopDate,
      details: {
        type: 'ExecutionFailed',
        executionFailedEventDetails: { error: result.error, cause: result.cause },
      },
    });
  }
  return entries.map((entry, i) => ({
    timestamp: entry.at,
    id: i + 1,
    previousEventId: i,
    ...entry.details,
  }));
}
