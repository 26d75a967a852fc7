/**
 * The RDS Data API's errors, named as its SDK names them. Aurora PostgreSQL (Serverless v2 and
 * provisioned) answers an error of the SQL with DatabaseErrorException and an unknown or ended
 * transaction with TransactionNotFoundException; BadRequestException is left for a call that is
 * malformed (Serverless v1 answered every one of these with it). A Step Functions Task sees them
 * as `RdsData.<name>` (local/services adds the prefix).
 */
import { WarehouseError } from '../engines/warehouse-connection.js';
import { AwsServiceError } from '../executor/types.js';

export const badRequestException = (message: string): AwsServiceError =>
  new AwsServiceError('BadRequestException', message);

export const transactionNotFoundException = (transactionId: string): AwsServiceError =>
  new AwsServiceError('TransactionNotFoundException', `Transaction ${transactionId} is not found`);

export const databaseErrorException = (message: string): AwsServiceError =>
  new AwsServiceError('DatabaseErrorException', message);

export const statementTimeoutException = (message: string): AwsServiceError =>
  new AwsServiceError('StatementTimeoutException', message);

/**
 * An error of the database as the Data API words it: PostgreSQL's message after `ERROR: `, and
 * its position in the statement when the server gave one (as the JDBC driver behind it adds).
 */
export function databaseError(error: unknown): AwsServiceError {
  if (error instanceof AwsServiceError) return error;
  const e = WarehouseError.from(error);
  const text = e.message.startsWith('ERROR:') ? e.message : `ERROR: ${e.message}`;
  return new AwsServiceError(
    'DatabaseErrorException',
    e.position === undefined ? text : `${text}\n  Position: ${e.position}`,
    { cause: error },
  );
}
