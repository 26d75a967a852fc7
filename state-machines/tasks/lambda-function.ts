/**
 * A Lambda function as Step Functions' optimized integration (`arn:aws:states:::lambda:invoke`):
 * the function's payload in, its answer kept at `$.functions.<task>.Payload` (the ResultSelector
 * drops the invocation's metadata). Lambda's own transient failures are retried as AWS recommends
 * for this integration; an error the function throws fails the Task with its `errorType` (a
 * timeout or running out of memory with `Lambda.Unknown`) and goes to the failure route. The
 * role may invoke exactly this function, and its versions.
 */
import { arn, type LambdaFunction, lambdaFunctionName, type PayloadValue } from '../../core/index.js';
import { chainOf } from '../chain.js';
import { pathKey } from '../intrinsics.js';
import type { JsonObject, JsonValue } from '../json.js';
import { catchAll } from '../patterns/failure.js';
import { retrier } from '../patterns/retry-policies.js';
import { task } from '../states.js';
import { MARGIN_SECONDS, type TaskRenderer } from './task-renderer.js';

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/** The errors the Step Functions console's Lambda Invoke state retries by default. */
export const LAMBDA_TRANSIENT = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/** Beyond the function's own timeout: the invocation's start (a cold start) and answer. */
const INVOKE_MARGIN_SECONDS = 30;
const ATTEMPTS = 3;

const isPath = (v: PayloadValue): v is string => typeof v === 'string' && v.startsWith('$');

/** A payload object with its JSONPath values under `<key>.$`, as Parameters take them. */
function template(value: { readonly [key: string]: PayloadValue }): JsonObject {
  return Object.fromEntries(
    Object.entries(value).map(([k, v]): [string, JsonValue] =>
      isPath(v)
        ? [`${k}.$`, v]
        : v !== null && typeof v === 'object' && !Array.isArray(v)
          ? [k, template(v as { readonly [key: string]: PayloadValue })]
          : [k, v as JsonValue],
    ),
  );
}

function payloadParameters(payload: PayloadValue): JsonObject {
  if (isPath(payload)) return { 'Payload.$': payload };
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload))
    return { Payload: template(payload as { readonly [key: string]: PayloadValue }) };
  return { Payload: payload as JsonValue };
}

export const lambdaFunctionRenderer: TaskRenderer<LambdaFunction> = {
  toStates: (fn, { pipeline, stage, failure }) => {
    const functionArn = arn(stage, 'lambda', `function:${lambdaFunctionName(pipeline, stage, fn)}`);
    return chainOf(
      task(`Invoke ${fn.name}`, {
        resource: LAMBDA_INVOKE,
        parameters: { FunctionName: functionArn, ...payloadParameters(fn.payload) },
        resultSelector: { 'Payload.$': '$.Payload' },
        resultPath: `$.functions.${pathKey(fn.name)}`,
        timeoutSeconds: fn.timeoutSeconds + INVOKE_MARGIN_SECONDS,
        retry: [retrier(LAMBDA_TRANSIENT, { intervalSeconds: 1, maxAttempts: ATTEMPTS, backoffRate: 2 })],
        catch: catchAll(failure),
        grants: [{ actions: ['lambda:InvokeFunction'], resources: [functionArn, `${functionArn}:*`] }],
      }),
    );
  },
  failedState: (fn) => `Invoke ${fn.name} failed`,
  budgetSeconds: (fn) => (fn.timeoutSeconds + INVOKE_MARGIN_SECONDS + 8) * (ATTEMPTS + 1) + MARGIN_SECONDS,
};
