/**
 * The shapes of the Redshift Data API operations the simulator serves, as the AWS SDK v3 gives
 * them (timestamps as Date; the Task handlers turn them into JSON as Step Functions does).
 */

export type StatementStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'ABORTED' | 'FAILED';

export interface SqlParameter {
  readonly name: string;
  readonly value: string;
}

/** Where statements run and as whom: a Serverless workgroup or a provisioned cluster. */
export interface ConnectionInput {
  readonly Database?: string;
  readonly WorkgroupName?: string;
  readonly ClusterIdentifier?: string;
  readonly SecretArn?: string;
  readonly DbUser?: string;
  readonly StatementName?: string;
  readonly WithEvent?: boolean;
  readonly ClientToken?: string;
  readonly SessionId?: string;
  readonly SessionKeepAliveSeconds?: number;
  readonly ResultFormat?: string;
}

export interface ExecuteStatementInput extends ConnectionInput {
  readonly Sql: string;
  readonly Parameters?: readonly SqlParameter[];
}

export interface BatchExecuteStatementInput extends ConnectionInput {
  readonly Sqls: readonly string[];
}

export interface StatementSubmitted {
  readonly Id: string;
  readonly CreatedAt: Date;
  readonly Database?: string;
  readonly DbUser?: string;
  readonly ClusterIdentifier?: string;
  readonly WorkgroupName?: string;
  readonly SecretArn?: string;
}

export interface SubStatementData {
  readonly Id: string;
  readonly Status: StatementStatus;
  readonly QueryString: string;
  readonly CreatedAt: Date;
  readonly UpdatedAt: Date;
  /** Nanoseconds; -1 until it has run. */
  readonly Duration: number;
  readonly HasResultSet: boolean;
  /** Rows returned or affected; -1 when there is no count. */
  readonly ResultRows: number;
  /** Bytes of the result set; -1 when there is none. */
  readonly ResultSize: number;
  readonly RedshiftQueryId: number;
  readonly Error?: string;
}

export interface DescribeStatementOutput extends Omit<SubStatementData, 'QueryString'> {
  readonly QueryString?: string;
  readonly Database?: string;
  readonly DbUser?: string;
  readonly ClusterIdentifier?: string;
  readonly WorkgroupName?: string;
  readonly SecretArn?: string;
  readonly RedshiftPid: number;
  readonly QueryParameters?: readonly SqlParameter[];
  readonly ResultFormat: 'JSON';
  readonly SubStatements?: readonly SubStatementData[];
}

/** One value of a record: exactly one member is present. */
export type Field =
  | { readonly isNull: true }
  | { readonly booleanValue: boolean }
  | { readonly longValue: number }
  | { readonly doubleValue: number }
  | { readonly stringValue: string }
  | { readonly blobValue: Uint8Array };

export interface ColumnMetadata {
  readonly name: string;
  readonly label: string;
  readonly typeName: string;
  readonly isCaseSensitive: boolean;
  readonly isCurrency: boolean;
  readonly isSigned: boolean;
  /** 0 no nulls, 1 nullable, 2 unknown (JDBC's convention, which the Data API follows). */
  readonly nullable: number;
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  readonly schemaName: string;
  readonly tableName: string;
}

export interface GetStatementResultOutput {
  readonly Records: readonly (readonly Field[])[];
  readonly ColumnMetadata: readonly ColumnMetadata[];
  readonly TotalNumRows: number;
  readonly NextToken?: string;
}

/** ListStatements' filters (RoleLevel is accepted and ignored: every statement is the caller's). */
export interface ListStatementsInput {
  /** A prefix of the StatementName given when the statement was submitted. */
  readonly StatementName?: string;
  /** A StatementStatus, or ALL (the default). */
  readonly Status?: string;
  readonly Database?: string;
  readonly ClusterIdentifier?: string;
  readonly WorkgroupName?: string;
}

/** One statement (or batch) of ListStatements. */
export interface StatementData {
  readonly Id: string;
  readonly QueryString?: string;
  readonly QueryStrings?: readonly string[];
  readonly SecretArn?: string;
  readonly Status: StatementStatus;
  readonly StatementName?: string;
  readonly CreatedAt: Date;
  readonly UpdatedAt: Date;
  readonly QueryParameters?: readonly SqlParameter[];
  readonly IsBatchStatement: boolean;
  readonly ResultFormat: 'JSON';
}
