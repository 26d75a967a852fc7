/**
 * The local endpoint's seam between HTTP and the services: a request as the wire carried it, the
 * service it was signed for, and the response to write. Each service module decodes its own
 * protocol (JSON 1.1, REST-JSON, query, REST-XML) with the codecs in this folder.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface EndpointRequest {
  readonly method: string;
  /** The path without the query string, percent-decoded per segment by the service that needs it. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The SigV4 signing name from the Authorization header's credential scope (`glue`, `states`, `s3`, …). */
  readonly signingName: string;
  readonly region: string;
  /** The account every ARN of the local endpoint names. */
  readonly account: string;
}

export interface EndpointResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** One AWS service served by the endpoint, found by its signing name. */
export interface ServiceEndpoint {
  /** SigV4 signing names this service answers (`['states']`, `['s3']`). */
  readonly signingNames: readonly string[];
  handle(request: EndpointRequest): Promise<EndpointResponse>;
  /** An error in this service's protocol shape, for the endpoint's own refusals (`--fail`). */
  errorResponse(error: AwsWireError, request: EndpointRequest): EndpointResponse;
}

/**
 * An error with AWS's error code and HTTP status; each protocol writes it in its own error shape
 * (JSON `__type` + `message`, query/REST-XML `<Error><Code>…`).
 */
export class AwsWireError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}
