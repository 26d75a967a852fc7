/**
 * What the two JSON protocols (AWS JSON 1.0/1.1 and REST-JSON) share: reading a request body,
 * writing values as the SDK parses them, and turning a thrown error into AWS's error code.
 *
 * Timestamps: every service served here leaves its timestamps in the default format of JSON
 * bodies, epoch seconds (the installed clients' schemas carry no `timestampFormat` trait on them),
 * and the SDK refuses anything else. The local services hold them as `Date`s (jobs, Redshift) or
 * as ISO-8601 strings (the catalog and crawlers, whose shapes are also Step Functions' JSON), so a
 * `Date` anywhere is written as epoch seconds, and so is an ISO string under a member the service
 * names as a timestamp. Blobs (`Uint8Array`) are written as base64, as the JSON protocols carry them.
 */
import { AwsServiceError } from '../executor/types.js';
import { AwsWireError } from './types.js';

export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * Members whose values are the caller's own string maps (a table's Parameters, a job's
 * DefaultArguments, tags): written as they are, so a key that happens to be named like a timestamp
 * member keeps its string.
 */
const OPAQUE_MEMBERS: ReadonlySet<string> = new Set([
  'Parameters',
  'Tags',
  'DefaultArguments',
  'NonOverridableArguments',
  'Arguments',
]);

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch seconds with millisecond precision, as the SDK writes and reads them. */
export const epochSeconds = (date: Date): number => date.getTime() / 1000;

/** An epoch-seconds timestamp from a request body, or undefined when absent. */
export function dateFromEpoch(value: unknown, member: string, invalidCode: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsWireError(invalidCode, `${member} must be a timestamp in epoch seconds`);
  }
  return new Date(Math.round(value * 1000));
}

/**
 * A value as the JSON protocols write it: `Date`s and ISO strings under `timestampMembers` as
 * epoch seconds, blobs as base64, `undefined` members left out.
 */
export function toWire(value: unknown, timestampMembers: ReadonlySet<string>, member?: string): unknown {
  if (value instanceof Date) return epochSeconds(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'string' && member !== undefined && timestampMembers.has(member)) {
    return ISO_TIMESTAMP.test(value) ? Date.parse(value) / 1000 : value;
  }
  if (Array.isArray(value)) return value.map((v) => toWire(v, timestampMembers, member));
  if (value !== null && typeof value === 'object') {
    if (member !== undefined && OPAQUE_MEMBERS.has(member)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toWire(v, timestampMembers, k);
    }
    return out;
  }
  return value;
}

/** The request body as a JSON object; an empty body is `{}`, as the SDK sends for no input. */
export function parseJsonObject(body: Buffer): JsonObject {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AwsWireError(
      'SerializationException',
      `The request body is not JSON: ${(error as Error).message}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsWireError('SerializationException', 'The request body must be a JSON object');
  }
  return parsed as JsonObject;
}

export interface WireError {
  readonly code: string;
  readonly message: string;
  /** Set when the error chose its own status (AwsWireError); otherwise the protocol decides. */
  readonly status?: number;
}

/**
 * AWS's error code for a thrown error. The local services throw `AwsServiceError`s named as Step
 * Functions names them for aws-sdk integrations (`Glue.EntityNotFoundException`); on the wire the
 * code has no service prefix. Anything else is the endpoint's own failure: `InternalFailure`, 500.
 */
export function wireErrorOf(error: unknown): WireError {
  if (error instanceof AwsWireError)
    return { code: error.code, message: error.message, status: error.status };
  if (error instanceof AwsServiceError) {
    return { code: error.name.slice(error.name.lastIndexOf('.') + 1), message: error.message };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 'InternalFailure', message: `The local endpoint failed: ${message}`, status: 500 };
}
