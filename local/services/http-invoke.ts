/**
 * Serves `arn:aws:states:::http:invoke`: calls `ApiEndpoint` with `Method`, as Step Functions'
 * HTTP Task does, and answers its result shape (`StatusCode`, `StatusText`, `Headers`,
 * `ResponseBody`). A status outside 2xx fails the Task with `States.Http.StatusCode.<code>`, an
 * endpoint that does not answer with `States.Http.Socket`, so Retry and Catch match them as on AWS.
 * Locally there is no EventBridge connection: `Authentication` is ignored (see README).
 */
import { AwsServiceError, type TaskHandler } from '../executor/types.js';

const TIMEOUT_MS = 60_000;

export const httpInvoke: TaskHandler = async (input) => {
  const { ApiEndpoint, Method } = (input ?? {}) as { ApiEndpoint?: unknown; Method?: unknown };
  if (typeof ApiEndpoint !== 'string' || typeof Method !== 'string') {
    throw new AwsServiceError('States.Runtime', 'an HTTP Task needs ApiEndpoint and Method');
  }
  let response: Response;
  try {
    response = await fetch(ApiEndpoint, { method: Method, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    throw new AwsServiceError('States.Http.Socket', `${Method} ${ApiEndpoint}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const body = await response.text();
  if (response.status < 200 || response.status > 299) {
    throw new AwsServiceError(
      `States.Http.StatusCode.${response.status}`,
      `${Method} ${ApiEndpoint} answered ${response.status} ${response.statusText}: ${body.slice(0, 500)}`,
    );
  }
  return {
    StatusCode: response.status,
    StatusText: response.statusText,
    Headers: Object.fromEntries(response.headers),
    ResponseBody: body,
  };
};
