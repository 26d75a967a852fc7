/**
 * From an error thrown while serving a request to the code and status AWS puts on the wire. The
 * simulator's services throw `AwsServiceError`s named as Step Functions sees them
 * (`SNS.NotFoundException`, `S3.NoSuchKeyException`): each endpoint lists how its service's names
 * map to wire codes (`NotFound`, 404), since neither the code nor the status can be derived from
 * the name alone. Anything else is the service's internal error, never a crash of the endpoint.
 */
import { AwsServiceError } from '../executor/types.js';
import { AwsWireError } from './types.js';

/** Service error name (prefix dropped: `NotFoundException`) → wire code and HTTP status. */
export type WireCodeTable = Readonly<Record<string, readonly [code: string, status: number]>>;

export function toWireError(
  error: unknown,
  table: WireCodeTable,
  internal: { readonly code: string; readonly status: number },
): AwsWireError {
  if (error instanceof AwsWireError) return error;
  if (error instanceof AwsServiceError) {
    const name = error.name.slice(error.name.indexOf('.') + 1);
    const known = table[name];
    if (known !== undefined) return new AwsWireError(known[0], error.message, known[1]);
    // A name the table does not list keeps its code (`FooException` → `Foo`): a client error.
    return new AwsWireError(name.replace(/Exception$/, ''), error.message, 400);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AwsWireError(internal.code, `The local endpoint failed: ${message}`, internal.status);
}
