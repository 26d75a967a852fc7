/**
 * Column types shared by the model and every SQL dialect. Plain data with a `kind` tag, so a
 * job plan can carry them as JSON and each dialect maps them through its own type table.
 */
export type DataType =
  | { readonly kind: 'string'; readonly maxLength?: number }
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'double' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'date' }
  | { readonly kind: 'timestamp' };

export type DataTypeKind = DataType['kind'];

export const t = {
  string: (maxLength?: number): DataType =>
    Object.freeze(maxLength === undefined ? { kind: 'string' } : { kind: 'string', maxLength }),
  int: (): DataType => Object.freeze({ kind: 'int' }),
  bigint: (): DataType => Object.freeze({ kind: 'bigint' }),
  double: (): DataType => Object.freeze({ kind: 'double' }),
  decimal: (precision: number, scale: number): DataType =>
    Object.freeze({ kind: 'decimal', precision, scale }),
  boolean: (): DataType => Object.freeze({ kind: 'boolean' }),
  date: (): DataType => Object.freeze({ kind: 'date' }),
  timestamp: (): DataType => Object.freeze({ kind: 'timestamp' }),
} as const;

export function isNumericType(type: DataType): boolean {
  return type.kind === 'int' || type.kind === 'bigint' || type.kind === 'double' || type.kind === 'decimal';
}

export function describeType(type: DataType): string {
  switch (type.kind) {
    case 'string':
      return type.maxLength === undefined ? 'string' : `string(${type.maxLength})`;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    default:
      return type.kind;
  }
}
