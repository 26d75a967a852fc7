/**
 * `lakeline local serve`: an HTTP endpoint speaking the AWS wire protocols the SDK uses, backed by
 * the simulator's services. A request is routed by the signing name in its SigV4 Authorization
 * header (the SDK always signs); an unsigned request, or one for a service not served, gets AWS's
 * error shape, never a crash. Signatures are not verified: any credentials are accepted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsWireError, type EndpointRequest, type EndpointResponse, type ServiceEndpoint } from './types.js';

/**
 * A refusal the endpoint makes instead of serving an operation, `times` times (then it serves it):
 * how tests and users see deploy retry throttling and report a refused call.
 */
export interface EndpointFault {
  /** `<signing name>:<Operation>`, e.g. `glue:CreateJob`, `iam:CreateRole`, `lakeformation:GrantPermissions`. */
  readonly operation: string;
  /** The AWS error code to answer, e.g. `ThrottlingException`, `AccessDeniedException`. */
  readonly error: string;
  /** How many calls to refuse (default: every one). */
  readonly times?: number;
}

/** `glue:CreateJob=ThrottlingException:2` → a fault. */
export function parseEndpointFault(spec: string): EndpointFault {
  const m = /^([a-z0-9-]+:[A-Za-z0-9]+)=([A-Za-z0-9.]+)(?::(\d+))?$/.exec(spec);
  if (m === null) {
    throw new Error(
      `--fail "${spec}" must look like <service>:<Operation>=<ErrorCode>[:<times>], e.g. glue:CreateJob=ThrottlingException:1`,
    );
  }
  return { operation: m[1]!, error: m[2]!, ...(m[3] === undefined ? {} : { times: Number(m[3]) }) };
}

export interface EndpointOptions {
  readonly services: readonly ServiceEndpoint[];
  readonly account: string;
  readonly faults?: readonly EndpointFault[];
  /** Port to listen on (0 picks a free one); 4566 unless set. */
  readonly port?: number;
  readonly host?: string;
  /** Called once per request after it is answered, for the serve command's log. */
  readonly onRequest?: (line: { signingName: string; target: string; status: number; ms: number }) => void;
}

export interface RunningEndpoint {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** `Credential=AKID/20240101/eu-west-1/glue/aws4_request` → region and signing name. */
export function credentialScope(
  authorization: string | undefined,
): { region: string; service: string } | undefined {
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? '');
  return m === null ? undefined : { region: m[1]!, service: m[2]! };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * An error the endpoint answers before any service does (an unsigned request, a service not
 * served): JSON with `x-amzn-errortype`, which every SDK reads as an error. A refusal meant for a
 * served operation is written by that service, in its protocol's shape.
 */
function endpointError(error: AwsWireError): EndpointResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

/**
 * The operation a request names, where the wire says it plainly: the JSON target
 * (`AWSGlue.CreateJob`), the query protocol's `Action`, or a REST path that is the operation's
 * name (Lake Formation's `/GrantPermissions`). S3 and Scheduler routes name none.
 */
function operationOf(target: string | undefined, body: Buffer, path: string): string | undefined {
  if (target !== undefined) return target.slice(target.lastIndexOf('.') + 1);
  const action = new URLSearchParams(body.toString('utf8')).get('Action');
  if (action !== null) return action;
  const m = /^\/([A-Z][A-Za-z]+)$/.exec(path);
  return m?.[1];
}

const faultStatus = (code: string): number => (/AccessDenied|Unauthorized/.test(code) ? 403 : 400);

export async function startLocalEndpoint(options: EndpointOptions): Promise<RunningEndpoint> {
  const remaining = (options.faults ?? []).map((f) => ({ ...f, left: f.times ?? Number.POSITIVE_INFINITY }));
  const bySigningName = new Map<string, ServiceEndpoint>();
  for (const s of options.services) for (const n of s.signingNames) bySigningName.set(n, s);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const scope = credentialScope(req.headers.authorization);
    let response: EndpointResponse;
    const target = String(req.headers['x-amz-target'] ?? `${req.method} ${url.pathname}`);
    try {
      const body = await readBody(req);
      if (scope === undefined) {
        throw new AwsWireError(
          'MissingAuthenticationTokenException',
          'Request is missing Authentication Token (the local endpoint routes by the SigV4 credential scope; sign the request)',
          403,
        );
      }
      const service = bySigningName.get(scope.service);
      if (service === undefined) {
        throw new AwsWireError(
          'UnrecognizedClientException',
          `The local endpoint does not serve ${scope.service}; it serves ${[...bySigningName.keys()].sort().join(', ')}`,
          400,
        );
      }
      const request: EndpointRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        signingName: scope.service,
        region: scope.region,
        account: options.account,
      };
      const operation = operationOf(req.headers['x-amz-target'] as string | undefined, body, url.pathname);
      const fault = remaining.find((f) => f.left > 0 && f.operation === `${scope.service}:${operation}`);
      if (fault === undefined) response = await service.handle(request);
      else {
        fault.left -= 1;
        const refusal = new AwsWireError(
          fault.error,
          `${operation} refused by the local endpoint's --fail ${fault.operation}=${fault.error}`,
          faultStatus(fault.error),
        );
        response = service.errorResponse(refusal, request);
      }
    } catch (error) {
      response = endpointError(
        error instanceof AwsWireError
          ? error
          : new AwsWireError('InternalFailure', (error as Error).message ?? String(error), 500),
      );
    }
    const headers: Record<string, string> = { 'x-amzn-requestid': crypto.randomUUID(), ...response.headers };
    res.writeHead(response.status, headers);
    res.end(response.body ?? '');
    options.onRequest?.({
      signingName: scope?.service ?? '-',
      target,
      status: response.status,
      ms: Math.round(performance.now() - started),
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
