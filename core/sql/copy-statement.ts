/**
 * Reads back a COPY statement this compiler emitted, in its PostgreSQL or Redshift form, so a
 * runner can carry it out without a SQL parser: the simulator intercepts the PostgreSQL form
 *
 *   COPY "schema"."table" ("col", ...) FROM 's3://bucket/prefix/' WITH (FORMAT parquet)
 *
 * and loads the Parquet files under the prefix itself. `parseCopy(compile(copy))` gives the node
 * back (without the IAM role in the PostgreSQL form, which has none).
 */
import type { Copy, TableName } from './nodes.js';

export type ParsedCopy = Omit<Copy, 'iamRole'> & { readonly iamRole?: string };

const IDENT = '"(?:[^"]|"")+"';
const STRING = "'(?:[^'\\\\]|''|\\\\.)*'";
const POSTGRES_FORM = new RegExp(
  `^COPY (${IDENT}(?:\\.${IDENT})?) \\(((?:${IDENT})(?:, ${IDENT})*)\\) FROM (${STRING}) WITH \\(FORMAT parquet\\)$`,
);
const REDSHIFT_FORM = new RegExp(
  `^COPY (${IDENT}(?:\\.${IDENT})?) \\(((?:${IDENT})(?:, ${IDENT})*)\\) FROM (${STRING}) IAM_ROLE (${STRING}) FORMAT AS PARQUET$`,
);

const unquoteIdent = (text: string): string => text.slice(1, -1).replaceAll('""', '"');
const identifiers = (text: string): string[] =>
  [...text.matchAll(new RegExp(IDENT, 'g'))].map((m) => unquoteIdent(m[0]));

function tableOf(text: string): TableName {
  const [first, second] = identifiers(text);
  if (first === undefined) throw new Error(`no table name in "${text}"`);
  return second === undefined
    ? { kind: 'table', name: first }
    : { kind: 'table', schema: first, name: second };
}

/** Undoes both dialects' literal escaping (`''` always; `\\` only where backslash escapes). */
function unquoteString(text: string, backslashEscapes: boolean): string {
  const body = text.slice(1, -1).replaceAll("''", "'");
  return backslashEscapes ? body.replace(/\\(.)/g, '$1') : body;
}

/** The COPY this text encodes, or undefined when the text is not a COPY in either emitted form. */
export function parseCopy(sql: string): ParsedCopy | undefined {
  const text = sql.trim().replace(/;$/, '');
  const postgres = POSTGRES_FORM.exec(text);
  if (postgres !== null) {
    return {
      kind: 'copy',
      table: tableOf(postgres[1]!),
      columns: identifiers(postgres[2]!),
      from: unquoteString(postgres[3]!, false),
      format: 'parquet',
    };
  }
  const redshift = REDSHIFT_FORM.exec(text);
  if (redshift !== null) {
    return {
      kind: 'copy',
      table: tableOf(redshift[1]!),
      columns: identifiers(redshift[2]!),
      from: unquoteString(redshift[3]!, true),
      iamRole: unquoteString(redshift[4]!, true),
      format: 'parquet',
    };
  }
  return undefined;
}
