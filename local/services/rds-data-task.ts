/**
 * What the RDS Data API Task handlers share: Step Functions' view of an aws-sdk integration. The
 * Task's Parameters are the API request with PascalCase member names (`ResourceArn`, `Sql`,
 * `Parameters: [{ Name, Value: { StringValue } }]`); its result is the API response as JSON with
 * PascalCase names (`Records: [[{ LongValue: 1 }]]`, `NumberOfRecordsUpdated`), binary as base64;
 * a service error is named `RdsData.<name>`.
 */
import { AwsServiceError, type JsonValue, type TaskHandler } from '../executor/types.js';
import type { LocalRdsData } from '../rdsdata/index.js';
import { toJson } from './redshift-data-task.js';

/** Member names with their first letter changed, all the way down (values are left as they are). */
function renamed(value: JsonValue, rename: (name: string) => string): JsonValue {
  if (Array.isArray(value)) return value.map((v) => renamed(v, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renamed(v, rename)]));
}

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export function rdsDataTask(call: (input: never) => Promise<unknown>): TaskHandler {
  return async (input) => {
    try {
      return renamed(toJson(await call(renamed(input ?? {}, camel) as never)), pascal);
    } catch (error) {
      if (error instanceof AwsServiceError && !error.name.startsWith('RdsData.')) {
        throw new AwsServiceError(`RdsData.${error.name}`, error.message, { cause: error });
      }
      throw error;
    }
  };
}

/** The handler of one operation, over the RDS Data API (which may still be opening). */
export const rdsDataOperation =
  <
    K extends
      | 'beginTransaction'
      | 'executeStatement'
      | 'batchExecuteStatement'
      | 'commitTransaction'
      | 'rollbackTransaction',
  >(
    operation: K,
  ) =>
  (rds: LocalRdsData): TaskHandler =>
    rdsDataTask((input) => (rds[operation] as (input: unknown) => Promise<unknown>).call(rds, input));
