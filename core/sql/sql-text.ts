/**
 * The little lexing the service needs, and no SQL parser: split a .sql file into statements, and
 * find the Data API's named parameters (`:name`). Both skip what is not code — string literals,
 * quoted identifiers, comments, dollar quotes — so a `;` or `:x` inside them is left alone.
 */

export type SqlFlavour = 'redshift' | 'postgres';

interface Scan {
  /** Called for each character of code (not in a literal, identifier or comment), with its index. */
  readonly onCode: (index: number) => number | undefined;
}

/** Where the quoted or commented span starting at `i` ends (exclusive), or undefined when none starts. */
function skipSpan(text: string, i: number, flavour: SqlFlavour): number | undefined {
  const c = text[i];
  const next = text[i + 1];
  if (c === '-' && next === '-') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end + 1;
  }
  if (c === '/' && next === '*') {
    // PostgreSQL nests block comments; Redshift follows it.
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      if (text[j] === '/' && text[j + 1] === '*') {
        depth++;
        j++;
      } else if (text[j] === '*' && text[j + 1] === '/') {
        depth--;
        j++;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  if (c === "'") {
    // Redshift literals take backslash escapes; PostgreSQL's only in E'…' strings.
    const prev = text[i - 1];
    const backslash = flavour === 'redshift' || prev === 'E' || prev === 'e';
    for (let j = i + 1; j < text.length; j++) {
      if (backslash && text[j] === '\\') j++;
      else if (text[j] === "'") {
        if (text[j + 1] === "'") j++;
        else return j + 1;
      }
    }
    return text.length;
  }
  if (c === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '"') {
        if (text[j + 1] === '"') j++;
        else return j + 1;
      }
    }
    return text.length;
  }
  // Dollar quotes: PostgreSQL anywhere, Redshift around stored procedure bodies (`AS $$ … $$`).
  if (c === '$') {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
    if (tag !== null && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
      const end = text.indexOf(tag[0], i + tag[0].length);
      return end < 0 ? text.length : end + tag[0].length;
    }
  }
  return undefined;
}

function scan(text: string, flavour: SqlFlavour, visitor: Scan): void {
  let i = 0;
  while (i < text.length) {
    const end = skipSpan(text, i, flavour);
    if (end !== undefined) {
      i = end;
      continue;
    }
    i = visitor.onCode(i) ?? i + 1;
  }
}

/** Leading whitespace and comments removed, trailing whitespace and semicolons removed. */
export function normalizeStatement(sql: string, flavour: SqlFlavour = 'redshift'): string {
  let start = 0;
  for (;;) {
    while (start < sql.length && /\s/.test(sql[start]!)) start++;
    const c = sql.slice(start, start + 2);
    if (c !== '--' && c !== '/*') break;
    start = skipSpan(sql, start, flavour) ?? sql.length;
  }
  return sql.slice(start).replace(/[\s;]+$/, '');
}

/** The text between semicolons, as written (comments before a statement included). */
function rawStatements(text: string, flavour: SqlFlavour): string[] {
  const statements: string[] = [];
  let from = 0;
  scan(text, flavour, {
    onCode: (i) => {
      if (text[i] === ';') {
        statements.push(text.slice(from, i));
        from = i + 1;
      }
      return undefined;
    },
  });
  statements.push(text.slice(from));
  return statements;
}

/** The statements of a .sql text, each normalized; empty ones (only comments) are dropped. */
export function splitStatements(text: string, flavour: SqlFlavour): string[] {
  return rawStatements(text, flavour)
    .map((s) => normalizeStatement(s, flavour))
    .filter((s) => s.length > 0);
}

const TRANSACTION_CONTROL = /^(BEGIN|COMMIT|END|START TRANSACTION)$/i;

/**
 * The statements of a .sql text in batches of at most `max` (the Data API takes 40), to be run one
 * batch, one transaction, after another. A statement written under a comment starts a group;
 * a batch holds whole groups, as many as fit, so statements written as a group run in one
 * transaction (a group longer than `max` is cut into batches of `max`). Transaction control
 * (`BEGIN`, `COMMIT`) is left out: each batch is a transaction.
 */
export function statementBatches(text: string, flavour: SqlFlavour, max: number): string[][] {
  const groups: string[][] = [];
  for (const raw of rawStatements(text, flavour)) {
    const statement = normalizeStatement(raw, flavour);
    if (statement.length === 0 || TRANSACTION_CONTROL.test(statement)) continue;
    const underComment = statement !== raw.trimStart().replace(/[\s;]+$/, '');
    if (underComment || groups.length === 0) groups.push([]);
    groups.at(-1)!.push(statement);
  }
  const batches: string[][] = [];
  for (const group of groups) {
    const last = batches.at(-1);
    if (last !== undefined && last.length + group.length <= max) {
      last.push(...group);
      continue;
    }
    for (let i = 0; i < group.length; i += max) batches.push(group.slice(i, i + max));
  }
  return batches;
}

/**
 * The Data API's named parameters (`:name`) rewritten as PostgreSQL's positional ones (`$1`), in
 * order of first use; `::type` casts are not parameters. `typeOf` may give a parameter a type
 * (`$1::date`), as the RDS Data API sends each value typed; it must return a type name of the
 * caller's own fixed table, never a caller's text.
 */
export function positionalParameters(
  sql: string,
  typeOf?: (name: string) => string | undefined,
): { sql: string; names: string[] } {
  const names: string[] = [];
  let out = '';
  let copied = 0;
  scan(sql, 'postgres', {
    onCode: (i) => {
      if (sql[i] !== ':') return undefined;
      if (sql[i + 1] === ':') return i + 2;
      if (sql[i - 1] === ':') return undefined;
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1));
      if (m === null) return undefined;
      let index = names.indexOf(m[0]);
      if (index < 0) index = names.push(m[0]) - 1;
      const type = typeOf?.(m[0]);
      out += `${sql.slice(copied, i)}$${index + 1}${type === undefined ? '' : `::${type}`}`;
      copied = i + 1 + m[0].length;
      return copied;
    },
  });
  return { sql: out + sql.slice(copied), names };
}
