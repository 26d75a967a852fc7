/**
 * Errors of the local Glue API, named as Step Functions names them for aws-sdk integrations
 * (`Glue.<Exception>`), so a state's Retry and Catch match them as they would on AWS.
 */
import { AwsServiceError } from '../../executor/types.js';

export type GlueErrorCode =
  | 'AlreadyExistsException'
  | 'CrawlerNotRunningException'
  | 'CrawlerRunningException'
  | 'CrawlerStoppingException'
  | 'EntityNotFoundException'
  | 'InvalidInputException';

export const glueError = (
  code: GlueErrorCode,
  message: string,
  options?: { cause?: unknown },
): AwsServiceError => new AwsServiceError(`Glue.${code}`, message, options);

/** Whether an error is the given Glue error. */
export const isGlueError = (error: unknown, code: GlueErrorCode): boolean =>
  error instanceof AwsServiceError && error.name === `Glue.${code}`;
