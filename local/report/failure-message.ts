/**
 * A state's failure in words. Step Functions' Glue `.sync` integration fails a task with
 * States.TaskFailed and the whole JobRun, as JSON, for its cause: what a person needs from it is
 * the run's ErrorMessage. Anything else is quoted, cut to a length a terminal line or a report can hold.
 */
import { excerpt } from '../../core/index.js';

const CAUSE_CHARS = 2000;

function jobRunMessage(cause: string): string | undefined {
  if (!cause.startsWith('{')) return undefined;
  try {
    const run = JSON.parse(cause) as { ErrorMessage?: unknown; JobRunState?: unknown };
    if (typeof run.ErrorMessage !== 'string') return undefined;
    const state =
      typeof run.JobRunState === 'string' && run.JobRunState !== 'FAILED' ? `${run.JobRunState}: ` : '';
    return `${state}${run.ErrorMessage}`;
  } catch {
    return undefined;
  }
}

/** The cause of a failed state as a person reads it: a Glue run's ErrorMessage, else the cause itself. */
export function causeInWords(cause: string): string {
  return excerpt(jobRunMessage(cause) ?? cause, CAUSE_CHARS);
}

/** `Error: cause in words`, or the error alone when there is no cause. */
export function failureInWords(error: string, cause: string): string {
  const words = causeInWords(cause);
  return words === '' ? error : `${error}: ${words}`;
}
