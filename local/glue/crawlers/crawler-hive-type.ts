/**
 * The column types a crawler writes to the catalog: Hive types (`bigint`, `decimal(10,2)`,
 * `array<string>`, `struct<a:int,b:string>`), as plain data; how two files' types combine into
 * one table's; and how a DuckDB type (what DuckDB reads from a Parquet schema) becomes one.
 */

export type HivePrimitive =
  | 'boolean'
  | 'tinyint'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'float'
  | 'double'
  | 'string'
  | 'binary'
  | 'date'
  | 'timestamp';

export type HiveType =
  | { readonly kind: 'primitive'; readonly name: HivePrimitive }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'array'; readonly element: HiveType }
  | { readonly kind: 'map'; readonly key: HiveType; readonly value: HiveType }
  | { readonly kind: 'struct'; readonly fields: readonly HiveField[] };

export interface HiveField {
  readonly name: string;
  readonly type: HiveType;
}

export const primitive = (name: HivePrimitive): HiveType => ({ kind: 'primitive', name });
export const STRING = primitive('string');

export function renderHiveType(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'array':
      return `array<${renderHiveType(type.element)}>`;
    case 'map':
      return `map<${renderHiveType(type.key)},${renderHiveType(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${renderHiveType(f.type)}`).join(',')}>`;
  }
}

const INTEGERS: readonly HivePrimitive[] = ['tinyint', 'smallint', 'int', 'bigint'];

/** Fields of both, in first-seen order, each the wider of its two types. */
export function mergeFields(a: readonly HiveField[], b: readonly HiveField[]): HiveField[] {
  const merged = a.map((f) => ({ ...f }));
  for (const field of b) {
    const index = merged.findIndex((f) => f.name === field.name);
    if (index < 0) merged.push({ ...field });
    else merged[index] = { name: field.name, type: widerType(merged[index]!.type, field.type) };
  }
  return merged;
}

/**
 * The type that holds the values of both: integers widen along tinyint → bigint, integers and
 * floating point meet in double, date meets timestamp in timestamp, structs merge field by field;
 * anything else meets in string.
 */
export function widerType(a: HiveType, b: HiveType): HiveType {
  if (renderHiveType(a) === renderHiveType(b)) return a;
  if (a.kind === 'primitive' && b.kind === 'primitive') {
    const ia = INTEGERS.indexOf(a.name);
    const ib = INTEGERS.indexOf(b.name);
    if (ia >= 0 && ib >= 0) return primitive(INTEGERS[Math.max(ia, ib)]!);
    const numeric = (n: HivePrimitive) => INTEGERS.includes(n) || n === 'float' || n === 'double';
    if (numeric(a.name) && numeric(b.name)) return primitive('double');
    const temporal = (n: HivePrimitive) => n === 'date' || n === 'timestamp';
    if (temporal(a.name) && temporal(b.name)) return primitive('timestamp');
    return STRING;
  }
  if (a.kind === 'decimal' && b.kind === 'decimal') {
    const scale = Math.max(a.scale, b.scale);
    const integral = Math.max(a.precision - a.scale, b.precision - b.scale);
    return { kind: 'decimal', precision: Math.min(38, integral + scale), scale };
  }
  if (a.kind === 'array' && b.kind === 'array')
    return { kind: 'array', element: widerType(a.element, b.element) };
  if (a.kind === 'map' && b.kind === 'map') {
    return { kind: 'map', key: widerType(a.key, b.key), value: widerType(a.value, b.value) };
  }
  if (a.kind === 'struct' && b.kind === 'struct')
    return { kind: 'struct', fields: mergeFields(a.fields, b.fields) };
  const decimalAndNumber =
    (a.kind === 'decimal' && b.kind === 'primitive' && b.name !== 'string' && b.name !== 'boolean') ||
    (b.kind === 'decimal' && a.kind === 'primitive' && a.name !== 'string' && a.name !== 'boolean');
  return decimalAndNumber ? primitive('double') : STRING;
}

// ── DuckDB types → Hive types ────────────────────────────────────────────────────────────────────

const DUCKDB_PRIMITIVES: Readonly<Record<string, HivePrimitive>> = {
  BOOLEAN: 'boolean',
  TINYINT: 'tinyint',
  SMALLINT: 'smallint',
  INTEGER: 'int',
  BIGINT: 'bigint',
  UTINYINT: 'smallint',
  USMALLINT: 'int',
  UINTEGER: 'bigint',
  FLOAT: 'float',
  DOUBLE: 'double',
  VARCHAR: 'string',
  BLOB: 'binary',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_S: 'timestamp',
  TIMESTAMP_MS: 'timestamp',
  TIMESTAMP_NS: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  // Hive has no type for these; Glue catalogs them as text.
  TIME: 'string',
  'TIME WITH TIME ZONE': 'string',
  UUID: 'string',
  INTERVAL: 'string',
  JSON: 'string',
  BIT: 'string',
};

/** Integers wider than bigint keep every value as a decimal. */
const DUCKDB_WIDE_INTEGERS: Readonly<Record<string, number>> = { UBIGINT: 20, HUGEINT: 38, UHUGEINT: 38 };

class TypeText {
  private at = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.at] ?? '';
  }

  expect(char: string): void {
    if (this.peek() !== char) throw new Error(`expected "${char}" at ${this.at} in DuckDB type ${this.text}`);
    this.at++;
  }

  /** A word run such as `TIMESTAMP WITH TIME ZONE`, or a quoted name. */
  name(): string {
    this.skipSpace();
    if (this.text[this.at] === '"') {
      let out = '';
      this.at++;
      while (this.at < this.text.length) {
        const c = this.text[this.at++]!;
        if (c === '"') {
          if (this.text[this.at] === '"') {
            out += '"';
            this.at++;
          } else return out;
        } else out += c;
      }
      throw new Error(`unterminated name in DuckDB type ${this.text}`);
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at));
    if (m === null) throw new Error(`expected a name at ${this.at} in DuckDB type ${this.text}`);
    this.at += m[0].length;
    return m[0];
  }

  words(): string {
    const parts = [this.name()];
    while (/^\s+[A-Za-z]/.test(this.text.slice(this.at)) && !/^\s*(,|\)|\[)/.test(this.text.slice(this.at))) {
      parts.push(this.name());
    }
    return parts.join(' ');
  }

  integer(): number {
    this.skipSpace();
    const m = /^[0-9]+/.exec(this.text.slice(this.at));
    if (m === null) throw new Error(`expected a number at ${this.at} in DuckDB type ${this.text}`);
    this.at += m[0].length;
    return Number(m[0]);
  }

  /** Skips a balanced parenthesised list (ENUM values, UNION members). */
  skipGroup(): void {
    this.expect('(');
    let depth = 1;
    let quote: string | undefined;
    while (this.at < this.text.length && depth > 0) {
      const c = this.text[this.at++]!;
      if (quote !== undefined) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
  }

  done(): boolean {
    return this.peek() === '';
  }
}

function parseDuckDbType(t: TypeText): HiveType {
  const word = t.words().toUpperCase();
  let type: HiveType;
  if (word === 'STRUCT') {
    t.expect('(');
    const fields: HiveField[] = [];
    for (;;) {
      const name = t.name().toLowerCase();
      fields.push({ name, type: parseDuckDbType(t) });
      if (t.peek() === ',') t.expect(',');
      else break;
    }
    t.expect(')');
    type = { kind: 'struct', fields };
  } else if (word === 'MAP') {
    t.expect('(');
    const key = parseDuckDbType(t);
    t.expect(',');
    const value = parseDuckDbType(t);
    t.expect(')');
    type = { kind: 'map', key, value };
  } else if (word === 'DECIMAL' || word === 'NUMERIC') {
    let precision = 18;
    let scale = 3;
    if (t.peek() === '(') {
      t.expect('(');
      precision = t.integer();
      scale = 0;
      if (t.peek() === ',') {
        t.expect(',');
        scale = t.integer();
      }
      t.expect(')');
    }
    type = { kind: 'decimal', precision, scale };
  } else if (word === 'ENUM' || word === 'UNION') {
    t.skipGroup();
    type = STRING;
  } else if (DUCKDB_WIDE_INTEGERS[word] !== undefined) {
    type = { kind: 'decimal', precision: DUCKDB_WIDE_INTEGERS[word]!, scale: 0 };
  } else {
    if (t.peek() === '(') t.skipGroup(); // VARCHAR(n) and the like
    const name = DUCKDB_PRIMITIVES[word];
    type = name === undefined ? STRING : primitive(name);
  }
  while (t.peek() === '[') {
    t.expect('[');
    if (t.peek() !== ']') t.integer();
    t.expect(']');
    type = { kind: 'array', element: type };
  }
  return type;
}

/** `DECIMAL(10,2)` → decimal(10,2), `STRUCT(k INTEGER)[]` → array<struct<k:int>>. */
export function hiveTypeOfDuckDb(text: string): HiveType {
  const t = new TypeText(text);
  const type = parseDuckDbType(t);
  if (!t.done()) throw new Error(`unexpected text after the type in DuckDB type ${text}`);
  return type;
}
