/**
 * A statement's rows as GetStatementResult returns them: each value a typed Field (integers as
 * longValue, floating point as doubleValue, booleans as booleanValue, NULL as isNull, and DECIMAL,
 * dates, timestamps and text as stringValue, which is how the Data API returns them), with
 * column metadata named after the engine's types (`int4`, `varchar`, `numeric`, …).
 */
import type { ResultColumn, StatementResult } from '../engines/warehouse-connection.js';
import type { ColumnMetadata, Field } from './data-api.js';

/** The built-in type names of the OIDs a warehouse query commonly returns. */
export const BUILTIN_TYPE_NAMES: Readonly<Record<number, string>> = {
  16: 'bool',
  17: 'bytea',
  18: 'char',
  19: 'name',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  26: 'oid',
  114: 'json',
  700: 'float4',
  701: 'float8',
  1042: 'bpchar',
  1043: 'varchar',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1266: 'timetz',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
};

const INTEGER = new Set(['int2', 'int4', 'int8', 'oid']);
const FLOAT = new Set(['float4', 'float8']);
const SIGNED = new Set([...INTEGER, ...FLOAT, 'numeric']);
const TEXT = new Set(['text', 'varchar', 'bpchar', 'char', 'name', 'json', 'jsonb']);

export type TypeNames = (oid: number) => string;

function field(value: string | null, type: string): Field {
  if (value === null) return { isNull: true };
  if (type === 'bool') return { booleanValue: value === 't' || value === 'true' };
  if (INTEGER.has(type)) return { longValue: Number(value) };
  if (FLOAT.has(type)) {
    const n = Number(value);
    // JSON has no NaN or Infinity: those stay text, as the engine wrote them.
    return Number.isFinite(n) ? { doubleValue: n } : { stringValue: value };
  }
  if (type === 'bytea' && value.startsWith('\\x')) return { blobValue: Buffer.from(value.slice(2), 'hex') };
  return { stringValue: value };
}

function metadata(column: ResultColumn, type: string): ColumnMetadata {
  return {
    name: column.name,
    label: column.name,
    typeName: type,
    isCaseSensitive: TEXT.has(type),
    isCurrency: false,
    isSigned: SIGNED.has(type),
    // The engines report neither nullability nor type modifiers for a result column.
    nullable: 2,
    length: 0,
    precision: 0,
    scale: 0,
    schemaName: '',
    tableName: '',
  };
}

export interface ResultSet {
  readonly records: readonly (readonly Field[])[];
  readonly columns: readonly ColumnMetadata[];
  /** The text size of the values, as a stand-in for the Data API's ResultSize. */
  readonly bytes: number;
}

export function resultSet(result: StatementResult, typeNames: TypeNames): ResultSet {
  const columns = result.columns ?? [];
  const types = columns.map((c) => typeNames(c.typeOid));
  let bytes = 0;
  const records = result.rows.map((row) =>
    columns.map((_, i) => {
      const value = row[i] ?? null;
      if (value !== null) bytes += Buffer.byteLength(value);
      return field(value, types[i]!);
    }),
  );
  return { records, columns: columns.map((c, i) => metadata(c, types[i]!)), bytes };
}
