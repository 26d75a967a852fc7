/**
 * Catch-to-failure: every Task catches `States.ALL` into `$.error` (`{ Error, Cause }`) and goes
 * to one handler that publishes a failure notification and then fails the execution with the
 * original error, so `run.json` and the console show `Glue.ConcurrentRunsExceededException`,
 * not a generic name. Checks that fail without an AWS error (a crawl that ended FAILED, a
 * statement that was ABORTED) record their own error in `$.error` and take the same path.
 */
import { type FormatPart, format } from '../intrinsics.js';
import { type Catcher, type FailState, fail, type PassState, pass } from '../states.js';

/** Where the caught error lands in the state input. */
export const ERROR_PATH = '$.error';

/** Error names for failures lakeline detects itself; they never start with `States.`. */
export const CRAWL_FAILED = 'Lakeline.CrawlFailed';
export const STATEMENT_FAILED = 'Lakeline.StatementFailed';

/** The state every Catch of a scope goes to. */
export interface FailureRoute {
  readonly catchTo: string;
}

export const failureRoute = (catchTo: string): FailureRoute => Object.freeze({ catchTo });

/** `Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: <handler> }]`. */
export function catchAll(route: FailureRoute): readonly Catcher[] {
  return [{ errors: ['States.ALL'], next: route.catchTo, resultPath: ERROR_PATH }];
}

/** Fails with the error recorded at `$.error`: ends the execution, or fails the enclosing Parallel branch. */
export function rethrow(name: string, comment?: string): FailState {
  return fail(name, {
    errorPath: `${ERROR_PATH}.Error`,
    causePath: `${ERROR_PATH}.Cause`,
    ...(comment === undefined ? {} : { comment }),
  });
}

/** Records a failure lakeline detected (not an AWS error) in `$.error` and takes the failure route. */
export function recordFailure(
  name: string,
  spec: { readonly error: string; readonly cause: readonly FormatPart[]; readonly route: FailureRoute },
): PassState {
  return pass(name, {
    parameters: { Error: spec.error, 'Cause.$': format(spec.cause) },
    resultPath: ERROR_PATH,
    next: spec.route.catchTo,
  });
}
