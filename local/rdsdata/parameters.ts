/**
 * The RDS Data API's parameters: `:name` in the SQL, each value one typed Field, bound as
 * PostgreSQL positional parameters (`$1`) sent as text with the type the Data API sends the value
 * as: `longValue` bigint, `doubleValue` double precision, `booleanValue` boolean, `blobValue`
 * bytea, `stringValue` character varying — or the `typeHint`'s type (DATE, TIME, TIMESTAMP,
 * DECIMAL, JSON, UUID) — and `isNull` untyped. So a string bound to a date column fails as it
 * does on Aurora ("column … is of type date but expression is of type character varying") unless
 * it carries a typeHint.
 */
import { positionalParameters } from '../../core/index.js';
import type { SqlParams } from '../engines/warehouse-connection.js';
import type { SqlParameter, TypeHint } from './data-api.js';
import { badRequestException } from './errors.js';

/** The PostgreSQL type of each hint; the only text that `positionalParameters` puts after a `::`. */
const HINT_TYPES: Readonly<Record<TypeHint, string>> = {
  DATE: 'date',
  TIME: 'time',
  TIMESTAMP: 'timestamp',
  DECIMAL: 'numeric',
  JSON: 'json',
  UUID: 'uuid',
};

/** The forms the Data API documents for each hinted string. */
const HINT_FORMS: Readonly<Partial<Record<TypeHint, RegExp>>> = {
  DATE: /^\d{4}-\d{2}-\d{2}$/,
  TIME: /^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/,
  TIMESTAMP: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/,
};

const HINT_EXAMPLES: Readonly<Partial<Record<TypeHint, string>>> = {
  DATE: 'YYYY-MM-DD',
  TIME: 'HH:MM:SS[.FFF]',
  TIMESTAMP: 'YYYY-MM-DD HH:MM:SS[.FFF]',
};

const VALUE_MEMBERS = ['isNull', 'booleanValue', 'longValue', 'doubleValue', 'stringValue', 'blobValue'];

interface Bound {
  readonly text: string | null;
  /** The PostgreSQL type the value is sent as; undefined leaves it to the server (NULL). */
  readonly type: string | undefined;
}

function blobBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  return undefined;
}

function bind(parameter: SqlParameter): Bound {
  const name = parameter.name;
  const value = parameter.value ?? {};
  const members = Object.keys(value).filter((k) => value[k] !== undefined);
  if (members.length !== 1) {
    throw badRequestException(
      `Parameter ${name} must have exactly one value member (${VALUE_MEMBERS.join(', ')})`,
    );
  }
  const member = members[0]!;
  const v = value[member];
  const hint = parameter.typeHint;
  if (hint !== undefined && !(hint in HINT_TYPES)) {
    throw badRequestException(
      `Parameter ${name} has typeHint ${String(hint)}; one of ${Object.keys(HINT_TYPES).join(', ')} is expected`,
    );
  }
  if (hint !== undefined && member !== 'stringValue') {
    throw badRequestException(`Parameter ${name}: a typeHint applies to a stringValue, not a ${member}`);
  }
  switch (member) {
    case 'isNull':
      if (v !== true) throw badRequestException(`Parameter ${name}: isNull must be true when given`);
      return { text: null, type: undefined };
    case 'booleanValue':
      if (typeof v !== 'boolean') break;
      return { text: v ? 'true' : 'false', type: 'boolean' };
    case 'longValue':
      if (typeof v !== 'number' || !Number.isInteger(v)) break;
      return { text: String(v), type: 'int8' };
    case 'doubleValue':
      if (typeof v !== 'number') break;
      return { text: String(v), type: 'float8' };
    case 'blobValue': {
      const bytes = blobBytes(v);
      if (bytes === undefined) break;
      return { text: `\\x${Buffer.from(bytes).toString('hex')}`, type: 'bytea' };
    }
    case 'stringValue': {
      if (typeof v !== 'string') break;
      if (hint === undefined) return { text: v, type: 'varchar' };
      const form = HINT_FORMS[hint];
      if (form !== undefined && !form.test(v)) {
        throw badRequestException(
          `Parameter ${name}: typeHint ${hint} needs a value of the form ${HINT_EXAMPLES[hint]}, not "${v}"`,
        );
      }
      return { text: v, type: HINT_TYPES[hint] };
    }
    case 'arrayValue':
      throw badRequestException(`Parameter ${name}: array parameters are not supported`);
    default:
      throw badRequestException(`Parameter ${name} has an unknown value member ${member}`);
  }
  throw badRequestException(`Parameter ${name}: ${member} has a value of the wrong type`);
}

/** Checks the parameters' names: present, each once. */
export function parameterMap(parameters: readonly SqlParameter[] | undefined): Map<string, SqlParameter> {
  const map = new Map<string, SqlParameter>();
  if (parameters === undefined) return map;
  if (!Array.isArray(parameters)) throw badRequestException('parameters must be a list');
  for (const p of parameters) {
    if (typeof p?.name !== 'string' || p.name === '')
      throw badRequestException('Each parameter needs a name');
    if (map.has(p.name)) throw badRequestException(`Parameter ${p.name} is given twice`);
    map.set(p.name, p);
  }
  return map;
}

/** A parameter's text for the simulator's own use (the import's arguments): a stringValue. */
export function stringParameter(parameters: ReadonlyMap<string, SqlParameter>, name: string): string {
  const p = parameters.get(name);
  if (p === undefined) throw badRequestException(`Parameter ${name} is used in the SQL but has no value`);
  const v = p.value?.stringValue;
  if (typeof v !== 'string') throw badRequestException(`Parameter ${name} must be a stringValue here`);
  return v;
}

/** The SQL with positional parameters, each typed as the Data API sends it, and their values. */
export function bindParameters(
  sql: string,
  parameters: ReadonlyMap<string, SqlParameter>,
): { sql: string; params: SqlParams | undefined } {
  const bound = new Map<string, Bound>();
  for (const [name, p] of parameters) bound.set(name, bind(p));
  // Sent as text and cast by the server: the engines' own serializers would read a JavaScript
  // string as the declared type's value (PGlite takes any non-empty string for boolean true).
  const positional = positionalParameters(sql, (name) => {
    const type = bound.get(name)?.type;
    return type === undefined ? undefined : `text::${type}`;
  });
  if (positional.names.length === 0) return { sql, params: undefined };
  const params = positional.names.map((name) => {
    const b = bound.get(name);
    if (b === undefined) throw badRequestException(`Parameter ${name} is used in the SQL but has no value`);
    return b.text;
  });
  return { sql: positional.sql, params };
}
