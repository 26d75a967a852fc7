/**
 * The transient errors each integration retries, named exactly as Step Functions reports them.
 * AWS SDK integrations report `<Service>.<ErrorName>` in PascalCase, with the `Exception` suffix
 * added even where the service's own error code lacks it (S3's `SlowDown` arrives as
 * `S3.SlowDownException`). Errors that mean "this will not work" (EntityNotFound, validation,
 * access denied, a failed job run) are never retried: they go straight to the catch path.
 */
import type { Retrier } from '../states.js';

/** Throttling and service-side faults of the Glue API (StartCrawler, GetCrawler, StartJobRun). */
export const GLUE_TRANSIENT = [
  'Glue.ThrottlingException',
  'Glue.OperationTimeoutException',
  'Glue.InternalServiceException',
] as const;

/** The account or job is at its concurrent-run limit; another run finishing frees a slot. */
export const GLUE_CONCURRENT_RUNS = 'Glue.ConcurrentRunsExceededException';

/** Another run of the same crawler is in progress; ours starts when it is done. */
export const GLUE_CRAWLER_RUNNING = 'Glue.CrawlerRunningException';

export const REDSHIFT_DATA_TRANSIENT = [
  'RedshiftData.ThrottlingException',
  'RedshiftData.InternalServerException',
  'RedshiftData.ActiveStatementsExceededException',
] as const;

export const S3_TRANSIENT = [
  'S3.SlowDownException',
  'S3.InternalErrorException',
  'S3.ServiceUnavailableException',
] as const;

export const SNS_TRANSIENT = [
  'SNS.ThrottledException',
  'SNS.InternalErrorException',
  'SNS.KMSThrottlingException',
] as const;

/** A Task ran past its TimeoutSeconds. Retried only on calls that are safe to repeat (reads). */
export const STATES_TIMEOUT = 'States.Timeout';

/** API calls answer in well under a second; past this something is stuck and a read is retried. */
export const API_CALL_TIMEOUT_SECONDS = 60;

export function retrier(
  errors: readonly string[],
  options: { intervalSeconds?: number; maxAttempts?: number; backoffRate?: number } = {},
): Retrier {
  return Object.freeze({
    errors: Object.freeze([...errors]),
    intervalSeconds: options.intervalSeconds ?? 5,
    maxAttempts: options.maxAttempts ?? 4,
    backoffRate: options.backoffRate ?? 2,
  });
}
