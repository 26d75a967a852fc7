/**
 * Serves `arn:aws:states:::lambda:invoke`: invokes the function named by `FunctionName` with
 * `Payload`, as Step Functions' optimized Lambda integration does, and answers its result shape
 * (`Payload`, `StatusCode`, `ExecutedVersion`). A function that fails fails the Task as on AWS:
 * with the `errorType` it threw (`InvoiceRejected`), the Lambda error payload as the cause; a
 * timeout or running out of memory (the runtime's own errors) with `Lambda.Unknown`. A function
 * that does not exist is `Lambda.ResourceNotFoundException`.
 */
import { AwsServiceError, type JsonValue, type TaskHandler } from '../executor/types.js';
import type { LocalLambda } from '../lambda/local-lambda.js';

/** The runtime's errors Step Functions reports as `Lambda.Unknown`: the function never answered. */
const UNKNOWN = new Set(['Sandbox.Timedout', 'Runtime.OutOfMemory', 'Runtime.ExitError']);

export const lambdaInvoke =
  (lambda: LocalLambda): TaskHandler =>
  async (input) => {
    const { FunctionName, Payload } = (input ?? {}) as { FunctionName?: unknown; Payload?: JsonValue };
    if (typeof FunctionName !== 'string')
      throw new AwsServiceError('States.Runtime', 'a lambda:invoke Task needs FunctionName');
    const payload =
      Payload === undefined ? '' : typeof Payload === 'string' ? Payload : JSON.stringify(Payload);
    const out = await lambda.invoke(FunctionName, payload);
    const text = out.Payload.toString('utf8');
    if (out.FunctionError !== undefined) {
      const { errorType } = JSON.parse(text) as { errorType?: string };
      const error = errorType === undefined || UNKNOWN.has(errorType) ? 'Lambda.Unknown' : errorType;
      throw new AwsServiceError(error, text);
    }
    return {
      ExecutedVersion: out.ExecutedVersion,
      Payload: text === '' ? null : (JSON.parse(text) as JsonValue),
      StatusCode: out.StatusCode,
    };
  };
