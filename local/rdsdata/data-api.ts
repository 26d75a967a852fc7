/**
 * The shapes of the RDS Data API operations the simulator serves (service `rds-data`, API version
 * 2018-08-01), as the AWS SDK v3 gives them: camelCase members, blobs as Uint8Array (a Step
 * Functions Task or a JSON body gives them as base64 text, which is accepted too).
 */

/** A value: exactly one member is present (the Redshift Data API's Field, the same shape). */
import type { Field } from '../redshift/data-api.js';

export type { Field };

export type TypeHint = 'DATE' | 'TIME' | 'TIMESTAMP' | 'DECIMAL' | 'JSON' | 'UUID';

export interface SqlParameter {
  readonly name: string;
  /** A Field; a blob may be base64 text. */
  readonly value: Readonly<Record<string, unknown>>;
  readonly typeHint?: TypeHint;
}

/** Where a call runs: the cluster and the secret that opens it. */
export interface ConnectionInput {
  readonly resourceArn: string;
  readonly secretArn: string;
  readonly database?: string;
  readonly schema?: string;
}

export interface BeginTransactionInput extends ConnectionInput {}

export interface BeginTransactionOutput {
  readonly transactionId: string;
}

export interface ExecuteStatementInput extends ConnectionInput {
  readonly sql: string;
  readonly parameters?: readonly SqlParameter[];
  readonly transactionId?: string;
  readonly includeResultMetadata?: boolean;
  readonly continueAfterTimeout?: boolean;
  readonly resultSetOptions?: { readonly decimalReturnType?: string; readonly longReturnType?: string };
  readonly formatRecordsAs?: 'NONE' | 'JSON';
}

/** JDBC's view of a result column, which the Data API reports. */
export interface ColumnMetadata {
  readonly name: string;
  readonly label: string;
  /** The JDBC type code (java.sql.Types): 4 INTEGER, 12 VARCHAR, 91 DATE, 1111 OTHER, … */
  readonly type: number;
  readonly typeName: string;
  readonly schemaName: string;
  readonly tableName: string;
  readonly isAutoIncrement: boolean;
  readonly isSigned: boolean;
  readonly isCurrency: boolean;
  readonly isCaseSensitive: boolean;
  /** 0 no nulls, 1 nullable, 2 unknown. */
  readonly nullable: number;
  readonly precision: number;
  readonly scale: number;
  readonly arrayBaseColumnType: number;
}

export interface ExecuteStatementOutput {
  readonly records?: readonly (readonly Field[])[];
  readonly columnMetadata?: readonly ColumnMetadata[];
  readonly numberOfRecordsUpdated: number;
  readonly generatedFields?: readonly Field[];
  /** The records as a JSON array of objects, when `formatRecordsAs` is JSON. */
  readonly formattedRecords?: string;
}

export interface BatchExecuteStatementInput extends ConnectionInput {
  readonly sql: string;
  readonly parameterSets?: readonly (readonly SqlParameter[])[];
  readonly transactionId?: string;
}

export interface BatchExecuteStatementOutput {
  readonly updateResults: readonly { readonly generatedFields: readonly Field[] }[];
}

export interface TransactionInput {
  readonly resourceArn: string;
  readonly secretArn: string;
  readonly transactionId: string;
}

export interface CommitTransactionOutput {
  readonly transactionStatus: 'Transaction Committed';
}

export interface RollbackTransactionOutput {
  readonly transactionStatus: 'Rollback Complete';
}
