/**
 * The Data Catalog's shapes as the Glue API returns them (GetDatabase, GetTable, GetPartitions).
 * Timestamps are ISO-8601 strings: the form they take in a Step Functions state's JSON.
 */

export type Timestamp = string;
export type StringMap = Readonly<Record<string, string>>;

export interface Column {
  readonly Name: string;
  readonly Type: string;
  readonly Comment?: string;
}

export interface SerDeInfo {
  readonly Name?: string;
  readonly SerializationLibrary?: string;
  readonly Parameters: StringMap;
}

export interface StorageDescriptor {
  readonly Columns: readonly Column[];
  readonly Location: string;
  readonly InputFormat?: string;
  readonly OutputFormat?: string;
  readonly Compressed: boolean;
  readonly NumberOfBuckets: number;
  readonly SerdeInfo: SerDeInfo;
  readonly BucketColumns: readonly string[];
  readonly SortColumns: readonly { readonly Column: string; readonly SortOrder: number }[];
  readonly Parameters: StringMap;
  readonly StoredAsSubDirectories: boolean;
}

export interface DatabaseInput {
  readonly Name: string;
  readonly Description?: string;
  readonly LocationUri?: string;
  readonly Parameters?: StringMap;
}

export interface Database {
  readonly Name: string;
  readonly Description?: string;
  readonly LocationUri?: string;
  readonly Parameters: StringMap;
  readonly CreateTime: Timestamp;
  readonly CreateTableDefaultPermissions: readonly {
    readonly Principal: { readonly DataLakePrincipalIdentifier: string };
    readonly Permissions: readonly string[];
  }[];
  readonly CatalogId: string;
}

export interface TableInput {
  readonly Name: string;
  readonly Description?: string;
  readonly Owner?: string;
  readonly Retention?: number;
  readonly StorageDescriptor: StorageDescriptor;
  readonly PartitionKeys?: readonly Column[];
  readonly TableType?: string;
  readonly Parameters?: StringMap;
}

export interface Table {
  readonly Name: string;
  readonly DatabaseName: string;
  readonly Description?: string;
  readonly Owner: string;
  readonly CreateTime: Timestamp;
  readonly UpdateTime: Timestamp;
  readonly LastAccessTime: Timestamp;
  readonly Retention: number;
  readonly StorageDescriptor: StorageDescriptor;
  readonly PartitionKeys: readonly Column[];
  readonly TableType: string;
  readonly Parameters: StringMap;
  readonly CreatedBy: string;
  readonly IsRegisteredWithLakeFormation: boolean;
  readonly CatalogId: string;
  readonly VersionId: string;
}

export interface PartitionInput {
  readonly Values: readonly string[];
  readonly StorageDescriptor: StorageDescriptor;
  readonly Parameters?: StringMap;
}

export interface Partition {
  readonly Values: readonly string[];
  readonly DatabaseName: string;
  readonly TableName: string;
  readonly CreationTime: Timestamp;
  readonly LastAccessTime: Timestamp;
  readonly StorageDescriptor: StorageDescriptor;
  readonly Parameters: StringMap;
  readonly CatalogId: string;
}

export interface PartitionError {
  readonly PartitionValues: readonly string[];
  readonly ErrorDetail: { readonly ErrorCode: string; readonly ErrorMessage: string };
}

export interface Paged {
  readonly MaxResults?: number;
  readonly NextToken?: string;
}
