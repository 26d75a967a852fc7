/**
 * The REST-JSON protocol (Lake Formation, EventBridge Scheduler): an operation is found by its
 * method and path template (`/schedules/{Name}`); its input is the JSON body, the path labels
 * (percent-decoded segment by segment, so an ARN label keeps its `/`) and the query-string members
 * a route binds. The answer is the output as JSON; an error is the `x-amzn-errortype: <Code>`
 * header with `{"message": "…"}`, at the status the service's model gives the code (400 unless it
 * says otherwise). A request no route matches is 404 `UnknownOperationException`.
 */
import { JsonInput } from './json-input.js';
import { type JsonObject, parseJsonObject, toWire, wireErrorOf } from './json-wire.js';
import { AwsWireError, type EndpointRequest, type EndpointResponse, type ServiceEndpoint } from './types.js';

/** How a query-string parameter becomes an input member. */
export interface QueryBinding {
  readonly member: string;
  readonly kind: 'string' | 'number' | 'list';
}

export interface RestJsonRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** The path template, labels in braces: `/tags/{ResourceArn}`. */
  readonly path: string;
  /** Query-string parameter name → the member it fills. */
  readonly query?: Readonly<Record<string, QueryBinding>>;
  /** The operation, for messages. */
  readonly operation: string;
  readonly handle: (input: JsonInput, request: EndpointRequest) => unknown;
}

export interface RestJsonOptions {
  readonly signingNames: readonly string[];
  readonly routes: readonly RestJsonRoute[];
  /** Output members holding timestamps the local services keep as ISO strings (see json-wire.ts). */
  readonly timestampMembers?: ReadonlySet<string>;
  /** The service's error code for a malformed member. */
  readonly invalidInputCode: string;
  /** HTTP status of each error code the service's model gives one; 400 for the rest, 500 for InternalFailure. */
  readonly errorStatus?: Readonly<Record<string, number>>;
}

interface CompiledRoute {
  readonly route: RestJsonRoute;
  readonly segments: readonly { readonly literal?: string; readonly label?: string }[];
}

function compile(route: RestJsonRoute): CompiledRoute {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((s) => {
      const m = /^\{(\w+)\}$/.exec(s);
      return m === null ? { literal: s } : { label: m[1]! };
    });
  return { route, segments };
}

/** The labels of the path, or undefined when the route's template does not match it. */
function match(compiled: CompiledRoute, parts: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== compiled.segments.length) return undefined;
  const labels: Record<string, string> = {};
  for (const [i, segment] of compiled.segments.entries()) {
    const part = parts[i]!;
    if (segment.literal !== undefined) {
      if (segment.literal !== part) return undefined;
    } else {
      if (part === '') return undefined;
      labels[segment.label!] = part;
    }
  }
  return labels;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AwsWireError(
      'SerializationException',
      `The path segment "${segment}" is not percent-encoded UTF-8`,
    );
  }
}

function queryMembers(
  query: URLSearchParams,
  bindings: Readonly<Record<string, QueryBinding>>,
  invalid: (message: string) => AwsWireError,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, binding] of Object.entries(bindings)) {
    const values = query.getAll(name);
    if (values.length === 0) continue;
    if (binding.kind === 'list') out[binding.member] = values;
    else if (binding.kind === 'number') {
      const n = Number(values[0]);
      if (!Number.isFinite(n)) throw invalid(`${name} must be a number, not "${values[0]}"`);
      out[binding.member] = n;
    } else out[binding.member] = values[0];
  }
  return out;
}

function response(status: number, body: unknown, errorCode?: string): EndpointResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      ...(errorCode === undefined ? {} : { 'x-amzn-errortype': errorCode }),
    },
    body: JSON.stringify(body),
  };
}

export function restJsonService(options: RestJsonOptions): ServiceEndpoint {
  const routes = options.routes.map(compile);
  const timestamps = options.timestampMembers ?? new Set<string>();
  const invalid = (message: string) => new AwsWireError(options.invalidInputCode, message);

  const find = (request: EndpointRequest): { route: RestJsonRoute; labels: Record<string, string> } => {
    const parts = request.path.split('/').slice(1);
    let pathMatched = false;
    for (const compiled of routes) {
      const labels = match(compiled, parts);
      if (labels === undefined) continue;
      pathMatched = true;
      if (compiled.route.method !== request.method) continue;
      const decoded = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, decodeSegment(v)]));
      return { route: compiled.route, labels: decoded };
    }
    throw new AwsWireError(
      'UnknownOperationException',
      pathMatched
        ? `The local endpoint serves no ${request.method} on ${request.path}`
        : `The local endpoint serves no operation at ${request.method} ${request.path}`,
      404,
    );
  };

  const errorResponse = (error: unknown): EndpointResponse => {
    const e = wireErrorOf(error);
    // The model's status for the code wins: an AwsWireError's default 400 does not know it.
    const status = options.errorStatus?.[e.code] ?? e.status ?? 400;
    return response(status, { message: e.message }, e.code);
  };

  return {
    signingNames: options.signingNames,
    errorResponse,
    async handle(request) {
      try {
        const { route, labels } = find(request);
        const body: JsonObject = parseJsonObject(request.body);
        const members = {
          ...body,
          ...queryMembers(request.query, route.query ?? {}, invalid),
          ...labels,
        };
        const output = await route.handle(new JsonInput(members, options.invalidInputCode), request);
        return response(200, toWire(output ?? {}, timestamps));
      } catch (error) {
        return errorResponse(error);
      }
    },
  };
}
