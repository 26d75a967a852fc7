/**
 * What the four Redshift Data API Task handlers share: Step Functions' view of an aws-sdk
 * integration. The Task's Parameters are the API request; its result is the API response as JSON
 * (timestamps as ISO-8601 text, binary as base64); a service error is named `RedshiftData.<name>`.
 */
import { AwsServiceError, type JsonValue, type TaskHandler } from '../executor/types.js';

export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
    return out;
  }
  return value as JsonValue;
}

export function redshiftDataTask(call: (input: JsonValue) => Promise<unknown>): TaskHandler {
  return async (input) => {
    try {
      return toJson(await call(input));
    } catch (error) {
      if (error instanceof AwsServiceError && !error.name.startsWith('RedshiftData.')) {
        throw new AwsServiceError(`RedshiftData.${error.name}`, error.message, { cause: error });
      }
      throw error;
    }
  };
}
