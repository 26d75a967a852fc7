/**
 * The AWS JSON protocol, versions 1.0 (Step Functions) and 1.1 (Glue, Redshift Data): every call
 * is `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and the input as a JSON body; the answer is
 * the output as JSON, or an error `{"__type": "<Code>", "message": "…"}` with the code also in
 * `x-amzn-errortype`. Client errors are 400 unless the error chose its status; the endpoint's own
 * failures 500. An operation the service does not serve is `UnknownOperationException`, as AWS
 * answers a target it does not know.
 */
import { JsonInput } from './json-input.js';
import { type JsonObject, parseJsonObject, toWire, wireErrorOf } from './json-wire.js';
import { AwsWireError, type EndpointRequest, type EndpointResponse, type ServiceEndpoint } from './types.js';

/** One operation: the request's members in, the output (Dates allowed) out. */
export type JsonOperation = (input: JsonInput, request: EndpointRequest) => unknown;

export interface JsonProtocolOptions {
  readonly signingNames: readonly string[];
  /** The X-Amz-Target prefix: `AWSGlue`, `AWSStepFunctions`, `RedshiftData`. */
  readonly targetPrefix: string;
  readonly version: '1.0' | '1.1';
  readonly operations: Readonly<Record<string, JsonOperation>>;
  /** Output members holding timestamps the local services keep as ISO strings (see json-wire.ts). */
  readonly timestampMembers?: ReadonlySet<string>;
  /** The service's error code for a malformed member: InvalidInputException, ValidationException, … */
  readonly invalidInputCode: string;
}

function jsonResponse(
  contentType: string,
  status: number,
  body: unknown,
  errorCode?: string,
): EndpointResponse {
  return {
    status,
    headers: {
      'content-type': contentType,
      ...(errorCode === undefined ? {} : { 'x-amzn-errortype': errorCode }),
    },
    body: JSON.stringify(body),
  };
}

export function jsonProtocolService(options: JsonProtocolOptions): ServiceEndpoint {
  const contentType = `application/x-amz-json-${options.version}`;
  const timestamps = options.timestampMembers ?? new Set<string>();

  const operationOf = (request: EndpointRequest): JsonOperation => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const dot = target.lastIndexOf('.');
    const prefix = dot < 0 ? '' : target.slice(0, dot);
    const name = target.slice(dot + 1);
    if (request.method !== 'POST' || prefix !== options.targetPrefix) {
      throw new AwsWireError(
        'UnknownOperationException',
        `Expected POST / with X-Amz-Target ${options.targetPrefix}.<Operation>, got ${request.method} ${request.path} with X-Amz-Target "${target}"`,
      );
    }
    const run = Object.hasOwn(options.operations, name) ? options.operations[name] : undefined;
    if (run === undefined) {
      throw new AwsWireError(
        'UnknownOperationException',
        `The local endpoint does not serve ${options.targetPrefix}.${name}; it serves ${Object.keys(options.operations).sort().join(', ')}`,
      );
    }
    return run;
  };

  const errorResponse = (error: unknown): EndpointResponse => {
    const e = wireErrorOf(error);
    return jsonResponse(contentType, e.status ?? 400, { __type: e.code, message: e.message }, e.code);
  };

  return {
    signingNames: options.signingNames,
    errorResponse,
    async handle(request) {
      try {
        const run = operationOf(request);
        const members: JsonObject = parseJsonObject(request.body);
        const output = await run(new JsonInput(members, options.invalidInputCode), request);
        return jsonResponse(contentType, 200, toWire(output ?? {}, timestamps));
      } catch (error) {
        return errorResponse(error);
      }
    },
  };
}
