/**
 * The `aws_s3` extension of Aurora PostgreSQL, stood in for: a statement that is exactly
 *
 *   SELECT aws_s3.table_import_from_s3('<table>', '<columns>', '<options>', '<bucket>', '<key>', '<region>')
 *   SELECT aws_s3.table_import_from_s3('<table>', '<columns>', '<options>',
 *                                      aws_commons.create_s3_uri('<bucket>', '<key>', '<region>'))
 *
 * (each argument a string literal or a `:parameter`) imports one object of the local S3 with
 * PostgreSQL's COPY into the table, in the caller's transaction, and returns the extension's text
 * (`N rows imported into relation "…" from file … of … bytes`). Any other statement naming the
 * function is refused with the forms served; the options are read into typed COPY options from an
 * allowed list (FORMAT csv|text, HEADER, DELIMITER, NULL, QUOTE, ESCAPE), so nothing else reaches
 * the COPY.
 */
import type { CopyFormat, QualifiedTable } from '../engines/warehouse-connection.js';
import { badRequestException } from './errors.js';

export interface ImportRequest {
  /** The table as the caller named it, for the answer's text. */
  readonly relation: string;
  readonly table: QualifiedTable;
  /** Empty: every column of the table. */
  readonly columns: readonly string[];
  readonly format: CopyFormat;
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
}

const SERVED =
  "SELECT aws_s3.table_import_from_s3('<table>', '<columns>', '<options>', '<bucket>', '<key>', '<region>'), " +
  "or with aws_commons.create_s3_uri('<bucket>', '<key>', '<region>') as the fourth argument, " +
  'each argument a string literal or a :parameter';

const unsupported = (why: string) =>
  badRequestException(`aws_s3.table_import_from_s3 is served locally as ${SERVED} (${why})`);

type Token =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'uri' }
  | { readonly kind: 'punct'; readonly value: '(' | ')' | ',' };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space !== null) {
      i += space[0].length;
      continue;
    }
    const string = /^'((?:[^']|'')*)'/.exec(rest);
    if (string !== null) {
      out.push({ kind: 'string', value: string[1]!.replaceAll("''", "'") });
      i += string[0].length;
      continue;
    }
    const param = /^:([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (param !== null) {
      out.push({ kind: 'param', name: param[1]! });
      i += param[0].length;
      continue;
    }
    const uri = /^aws_commons\s*\.\s*create_s3_uri\b/i.exec(rest);
    if (uri !== null) {
      out.push({ kind: 'uri' });
      i += uri[0].length;
      continue;
    }
    const c = text[i]!;
    if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: 'punct', value: c });
      i += 1;
      continue;
    }
    throw unsupported(`"${rest.slice(0, 20)}" is not a string literal or a :parameter`);
  }
  return out;
}

type Value = Token & { kind: 'string' | 'param' };

/**
 * The six arguments as written (literals' values, or parameters' names to look up), the last
 * three from `aws_commons.create_s3_uri(…)` when it is the fourth argument.
 */
function argumentsOf(list: readonly Token[]): Value[] {
  let i = 0;
  const punct = (value: string) => {
    const t = list[i];
    if (t?.kind !== 'punct' || t.value !== value) throw unsupported(`"${value}" expected`);
    i += 1;
  };
  const value = (): Value => {
    const t = list[i];
    if (t?.kind !== 'string' && t?.kind !== 'param')
      throw unsupported('an argument is missing or is an expression');
    i += 1;
    return t;
  };
  const values: Value[] = [];
  let uri = false;
  while (i < list.length) {
    if (values.length > 0) punct(',');
    if (list[i]?.kind === 'uri' && values.length === 3) {
      i += 1;
      punct('(');
      values.push(value());
      punct(',');
      values.push(value());
      punct(',');
      values.push(value());
      punct(')');
      uri = true;
    } else values.push(value());
    if (values.length > 6 || (uri && i < list.length)) {
      throw unsupported('credentials are not served: the local S3 needs none');
    }
  }
  if (values.length !== 6) throw unsupported(`${values.length} arguments given`);
  return values;
}

const IDENT = /^(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*))/;

/** Identifiers separated by `separator`, as PostgreSQL reads them (unquoted ones folded to lower case). */
function identifiers(text: string, separator: string, what: string): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest !== '') {
    const m = IDENT.exec(rest);
    if (m === null) throw unsupported(`${what} "${text}" is not a list of names`);
    out.push(m[1] === undefined ? m[2]!.toLowerCase() : m[1].replaceAll('""', '"'));
    rest = rest.slice(m[0].length).trim();
    if (rest === '') break;
    if (!rest.startsWith(separator)) throw unsupported(`${what} "${text}" is not a list of names`);
    rest = rest.slice(separator.length).trim();
    if (rest === '') throw unsupported(`${what} "${text}" ends with "${separator}"`);
  }
  return out;
}

function tableOf(text: string): QualifiedTable {
  const parts = identifiers(text, '.', 'table_name');
  if (parts.length === 1) return { name: parts[0]! };
  if (parts.length === 2) return { schema: parts[0]!, name: parts[1]! };
  throw unsupported(`table_name "${text}" must be <table> or <schema>.<table>`);
}

function columnsOf(text: string): string[] {
  const trimmed = text.trim();
  const inner = trimmed.startsWith('(') && trimmed.endsWith(')') ? trimmed.slice(1, -1) : trimmed;
  return identifiers(inner, ',', 'column_list');
}

const OPTIONS = 'FORMAT csv|text, HEADER [true|false], DELIMITER, NULL, QUOTE, ESCAPE';

const refusedOption = (why: string) =>
  badRequestException(`The import's options may set only ${OPTIONS} (${why})`);

type OptionWord =
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string };

function optionWords(text: string): (OptionWord | ',')[] {
  const out: (OptionWord | ',')[] = [];
  let rest = text.trim();
  while (rest !== '') {
    const string = /^[Ee]?'((?:[^']|'')*)'/.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (rest.startsWith(',')) {
      out.push(',');
      rest = rest.slice(1);
    } else if (string !== null) {
      if (/^[Ee]/.test(rest)) throw refusedOption('E-strings are not read');
      out.push({ kind: 'string', value: string[1]!.replaceAll("''", "'") });
      rest = rest.slice(string[0].length);
    } else if (word !== null) {
      out.push({ kind: 'word', value: word[0].toUpperCase() });
      rest = rest.slice(word[0].length);
    } else throw refusedOption(`"${rest.slice(0, 20)}" is not an option`);
    rest = rest.trimStart();
  }
  return out;
}

const BOOLEAN: Readonly<Record<string, boolean>> = {
  TRUE: true,
  ON: true,
  '1': true,
  FALSE: false,
  OFF: false,
  '0': false,
};

/**
 * The options text, as COPY reads it after `FROM <file>`: the list form `(FORMAT csv, HEADER true)`
 * or the older bare form (`DELIMITER ',' CSV HEADER`). PostgreSQL checks the values themselves
 * (one character for a delimiter, QUOTE only with csv, …) when the COPY runs.
 */
export function parseImportOptions(text: string): CopyFormat {
  const trimmed = text.trim();
  const listForm = trimmed.startsWith('(') && trimmed.endsWith(')');
  const words = optionWords(listForm ? trimmed.slice(1, -1) : trimmed.replace(/^WITH\b/i, ''));
  const out: { -readonly [K in keyof CopyFormat]: CopyFormat[K] } = { format: 'text' };
  const seen = new Set<string>();
  const set = <K extends keyof CopyFormat>(name: string, key: K, value: CopyFormat[K]) => {
    if (seen.has(name)) throw refusedOption(`${name} is given twice`);
    seen.add(name);
    out[key] = value;
  };
  let i = 0;
  const stringAfter = (name: string): string => {
    const next = words[i];
    // The bare form reads `DELIMITER AS ','` too.
    if (!listForm && next !== undefined && next !== ',' && next.kind === 'word' && next.value === 'AS')
      i += 1;
    const w = words[i];
    if (w === undefined || w === ',' || w.kind !== 'string')
      throw refusedOption(`${name} takes a quoted value`);
    i += 1;
    return w.value;
  };
  while (i < words.length) {
    const w = words[i]!;
    i += 1;
    if (w === ',') {
      if (!listForm) throw refusedOption('commas separate options only inside parentheses');
      continue;
    }
    if (w.kind !== 'word') throw refusedOption(`'${w.value}' is not an option name`);
    switch (w.value) {
      case 'FORMAT': {
        const f = words[i];
        i += 1;
        const value = f !== undefined && f !== ',' ? f.value.toLowerCase() : '';
        if (value !== 'csv' && value !== 'text') throw refusedOption(`FORMAT ${value || '(none)'}`);
        set('FORMAT', 'format', value);
        break;
      }
      case 'CSV':
        if (listForm) throw refusedOption('CSV alone belongs to the bare form; write FORMAT csv');
        set('FORMAT', 'format', 'csv');
        break;
      case 'HEADER': {
        const next = words[i];
        const flag = next !== undefined && next !== ',' ? BOOLEAN[next.value.toUpperCase()] : undefined;
        if (flag !== undefined && listForm) i += 1;
        set('HEADER', 'header', listForm ? (flag ?? true) : true);
        break;
      }
      case 'DELIMITER':
        set('DELIMITER', 'delimiter', stringAfter('DELIMITER'));
        break;
      case 'NULL':
        set('NULL', 'null', stringAfter('NULL'));
        break;
      case 'QUOTE':
        set('QUOTE', 'quote', stringAfter('QUOTE'));
        break;
      case 'ESCAPE':
        set('ESCAPE', 'escape', stringAfter('ESCAPE'));
        break;
      default:
        throw refusedOption(`${w.value} is not served`);
    }
    if (listForm && i < words.length && words[i] !== ',')
      throw refusedOption('options are separated by commas');
  }
  return out;
}

/** Whether the statement names the import function at all (then it must be in a served form). */
/**
 * `CREATE EXTENSION [IF NOT EXISTS] aws_s3 [CASCADE]` (or aws_commons), which a PostgreSQL target's
 * schema file runs first: the extension's functions are the simulator's own, so the statement
 * succeeds and creates nothing (the warehouse README lists it among the stand-ins).
 */
export const createsAwsS3Extension = (sql: string): boolean =>
  /^\s*CREATE\s+EXTENSION\s+(IF\s+NOT\s+EXISTS\s+)?"?(aws_s3|aws_commons)"?(\s+CASCADE)?\s*;?\s*$/i.test(sql);

export const namesImport = (sql: string): boolean => /\baws_s3\s*\.\s*table_import_from_s3\b/i.test(sql);

/**
 * The import a statement asks for; undefined when it does not name the function. `param` gives a
 * `:parameter`'s string value.
 */
export function parseImport(sql: string, param: (name: string) => string): ImportRequest | undefined {
  if (!namesImport(sql)) return undefined;
  const text = sql.trim().replace(/;\s*$/, '');
  const m = /^SELECT\s+aws_s3\s*\.\s*table_import_from_s3\s*\(([\s\S]*)\)$/i.exec(text);
  if (m === null) throw unsupported('the statement must be that SELECT and nothing else');
  const args = argumentsOf(tokens(m[1]!)).map((t) => (t.kind === 'string' ? t.value : param(t.name)));
  const [table, columns, options, bucket, key, region] = args as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (bucket === '' || key === '') throw unsupported('the bucket and the key must not be empty');
  return {
    relation: table,
    table: tableOf(table),
    columns: columnsOf(columns),
    format: parseImportOptions(options),
    bucket,
    key,
    region,
  };
}

/** The extension's answer. */
export const importMessage = (rows: number, request: ImportRequest, bytes: number): string =>
  `${rows} rows imported into relation "${request.relation}" from file ${request.key} of ${bytes} bytes`;
