/**
 * A statement's result as ExecuteStatement returns it: records of typed Fields (the same mapping
 * as the Redshift Data API's: integers longValue, floating point doubleValue, booleans
 * booleanValue, NULL isNull, bytea blobValue, and DECIMAL, dates, times, timestamps, JSON, UUIDs
 * and text stringValue), column metadata as the JDBC driver behind the Data API reports it, or
 * the records as one JSON text (`formatRecordsAs: JSON`).
 */
import type { StatementResult } from '../engines/warehouse-connection.js';
import { resultSet, type TypeNames } from '../redshift/result-records.js';
import type { ColumnMetadata, Field } from './data-api.js';

/** java.sql.Types of PostgreSQL's types as pgjdbc reports them; OTHER (1111) for the rest. */
const JDBC_TYPES: Readonly<Record<string, number>> = {
  bool: -7,
  bytea: -2,
  char: 1,
  bpchar: 1,
  name: 12,
  int8: -5,
  int2: 5,
  int4: 4,
  oid: -5,
  text: 12,
  varchar: 12,
  float4: 7,
  float8: 8,
  numeric: 2,
  date: 91,
  time: 92,
  timetz: 92,
  timestamp: 93,
  timestamptz: 93,
};

const SIGNED = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric']);
const CASE_SENSITIVE = new Set(['text', 'varchar', 'bpchar', 'char', 'name', 'json', 'jsonb']);

function metadata(name: string, typeName: string): ColumnMetadata {
  return {
    name,
    label: name,
    type: JDBC_TYPES[typeName] ?? 1111,
    typeName,
    // The engines report neither a result column's table nor its nullability or type modifiers.
    schemaName: '',
    tableName: '',
    isAutoIncrement: false,
    isSigned: SIGNED.has(typeName),
    isCurrency: false,
    isCaseSensitive: CASE_SENSITIVE.has(typeName),
    nullable: 2,
    precision: 0,
    scale: 0,
    arrayBaseColumnType: 0,
  };
}

/** A Field as a JSON value: DECIMAL stays text (decimalReturnType STRING, the default), blobs base64. */
function jsonValue(field: Field): unknown {
  if ('isNull' in field) return null;
  if ('blobValue' in field) return Buffer.from(field.blobValue).toString('base64');
  return Object.values(field)[0];
}

export interface RdsResult {
  readonly records: readonly (readonly Field[])[];
  readonly columns: readonly ColumnMetadata[];
}

export function rdsResult(result: StatementResult, typeNames: TypeNames): RdsResult {
  const set = resultSet(result, typeNames);
  return {
    records: set.records as readonly (readonly Field[])[],
    columns: set.columns.map((c) => metadata(c.name, c.typeName)),
  };
}

/** `formattedRecords`: an array of one object per row, keyed by column label. */
export function formattedRecords(set: RdsResult): string {
  return JSON.stringify(
    set.records.map((record) =>
      Object.fromEntries(record.map((field, i) => [set.columns[i]!.label, jsonValue(field)])),
    ),
  );
}
