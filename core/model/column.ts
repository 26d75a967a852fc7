import type { DataType } from '../sql/data-type.js';
import type { PiiEntity } from './pii.js';

export interface Column {
  readonly kind: 'column';
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  /** The personal data this column holds, if any; validation requires a PII step to treat it. */
  readonly pii?: PiiEntity;
  /** Personal data kept in clear under governance (detectPii's `GOVERN`), in a job's output. */
  readonly governed?: PiiEntity;
  readonly description?: string;
}

export interface ColumnOptions {
  readonly nullable?: boolean;
  readonly pii?: PiiEntity;
  readonly governed?: PiiEntity;
  readonly description?: string;
}

export function column(name: string, type: DataType, options: ColumnOptions = {}): Column {
  return Object.freeze({
    kind: 'column',
    name,
    type,
    nullable: options.nullable ?? true,
    ...(options.pii === undefined ? {} : { pii: options.pii }),
    ...(options.governed === undefined ? {} : { governed: options.governed }),
    ...(options.description === undefined ? {} : { description: options.description }),
  });
}
