/**
 * `--fail State=Error[:times]`: the named Task state raises the AWS error on its first `times`
 * invocations (every invocation when no count is given), so Retry and Catch can be exercised.
 */
import { AwsServiceError, type ResolveTask, type StateRef } from './executor/index.js';

export interface Fault {
  readonly state: string;
  readonly error: string;
  /** How many invocations fail; Infinity when every one does. */
  readonly times: number;
}

export function parseFault(spec: string): Fault {
  const eq = spec.indexOf('=');
  const state = spec.slice(0, eq).trim();
  let error = spec.slice(eq + 1).trim();
  let times = Number.POSITIVE_INFINITY;
  const count = /:(\d+)$/.exec(error);
  if (count !== null) {
    times = Number(count[1]);
    error = error.slice(0, count.index);
  }
  if (eq <= 0 || state === '' || !/^[A-Za-z][\w.]*$/.test(error) || times < 1) {
    throw new Error(
      `--fail "${spec}" is not State=Error[:times], e.g. --fail "Run job enrollments=Glue.ConcurrentRunsExceededException:2"`,
    );
  }
  return { state, error, times };
}

/** Checks every fault names a Task state of the definition; the message lists them when not. */
export function checkFaults(faults: readonly Fault[], states: readonly StateRef[]): void {
  const tasks = states.filter((s) => s.type === 'Task').map((s) => s.name);
  for (const f of faults) {
    if (!tasks.includes(f.state)) {
      throw new Error(
        `--fail names "${f.state}", which is not a Task state; the Task states are: ${tasks.join(', ')}`,
      );
    }
  }
}

/** Wraps a resolver so the faulted states raise their error before the service is called. */
export function withFaults(resolve: ResolveTask, faults: readonly Fault[]): ResolveTask {
  if (faults.length === 0) return resolve;
  const raised = new Map<string, number>();
  return (resource) => {
    const handler = resolve(resource);
    if (handler === undefined) return undefined;
    return async (input, invocation) => {
      const fault = faults.find((f) => f.state === invocation.stateName);
      if (fault !== undefined) {
        const n = raised.get(fault.state) ?? 0;
        if (n < fault.times) {
          raised.set(fault.state, n + 1);
          throw new AwsServiceError(
            fault.error,
            `injected by --fail ${fault.state}=${fault.error} (${n + 1} of ${fault.times === Number.POSITIVE_INFINITY ? 'every call' : fault.times})`,
          );
        }
      }
      return handler(input, invocation);
    };
  };
}
