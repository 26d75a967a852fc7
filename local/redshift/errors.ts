/**
 * The Redshift Data API's own errors, named as its SDK names them (`ValidationException`, …). A
 * Step Functions Task sees them as `RedshiftData.<name>` (local/services adds the prefix).
 */
import { AwsServiceError } from '../executor/types.js';

export const validationException = (message: string): AwsServiceError =>
  new AwsServiceError('ValidationException', message);

export const resourceNotFoundException = (message: string): AwsServiceError =>
  new AwsServiceError('ResourceNotFoundException', message);

export const activeStatementsExceededException = (message: string): AwsServiceError =>
  new AwsServiceError('ActiveStatementsExceededException', message);
