/**
 * SQL the IR does not model, written as a tagged template: an engine's own statements and table
 * functions (DuckDB's `read_csv(…)`, `COPY … TO … (FORMAT parquet)`, `DESCRIBE`, `SET`;
 * PostgreSQL's `SET LOCAL ROLE`, `COPY … FROM STDIN`), which no generator emits and only one
 * dialect would render.
 *
 *   sqlt`SELECT * FROM read_parquet(${s.lit(path)}) AS ${s.ident(alias)}`
 *
 * The holes take typed parts only, each rendered by the dialect it is compiled for: identifiers
 * quoted, values as escaped literals, IR nodes compiled, templates nested. A string is no part, so
 * `${name}` fails to compile: the only SQL written by hand is the constant text between the holes.
 * `compile(template, dialect)` renders one.
 */
import type { DataType } from './data-type.js';
import type { Expr, Statement, TableName } from './nodes.js';

/** One name, quoted by the dialect (a column alias, a view, a role); `sql.table` for `schema.name`. */
export interface Identifier {
  readonly kind: 'identifier';
  readonly name: string;
}
/** Parts joined by a separator: `, ` unless another template is given (` UNION ALL `). */
export interface SqlList {
  readonly kind: 'list';
  readonly items: readonly SqlPart[];
  readonly separator: SqlTemplate;
}
/**
 * Text that is SQL already and is put in as it is: a job plan's statement, compiled by this
 * compiler when the tree was synthesized, or a type name the engine itself reported. Never a value.
 */
export interface Verbatim {
  readonly kind: 'verbatim';
  readonly text: string;
}
export interface SqlTemplate {
  readonly kind: 'template';
  /** The constant text around the holes: one more than `parts`. */
  readonly strings: readonly string[];
  readonly parts: readonly SqlPart[];
}

/** What a hole takes: the template's own parts, and any IR node (literals are `sql.lit`). */
export type SqlPart = SqlTemplate | Identifier | SqlList | Verbatim | Expr | TableName | Statement | DataType;

const freeze = <T>(node: T): T => Object.freeze(node);

function checkPart(part: unknown, index: number): void {
  const kind = (part as { kind?: unknown } | null)?.kind;
  if (typeof part !== 'object' || typeof kind !== 'string') {
    throw new TypeError(
      `hole ${index + 1} of a sql template holds ${JSON.stringify(part)}; holes take typed parts ` +
        '(sql.ident, sql.lit, sql.list, IR nodes, templates), never bare values',
    );
  }
}

/** The tag: a frozen template node, rendered per dialect by `compile`. */
export function sqlt(strings: TemplateStringsArray, ...parts: readonly SqlPart[]): SqlTemplate {
  parts.forEach(checkPart);
  return freeze({ kind: 'template', strings: freeze([...strings]), parts: freeze([...parts]) });
}

export const ident = (name: string): Identifier => freeze({ kind: 'identifier', name });

const COMMA = sqlt`, `;
export const list = (items: readonly SqlPart[], separator: SqlTemplate = COMMA): SqlList => {
  items.forEach(checkPart);
  return freeze({ kind: 'list', items: freeze([...items]), separator });
};

export const verbatim = (text: string): Verbatim => freeze({ kind: 'verbatim', text });

/** What rendering needs of a dialect's compiler. */
export interface PartCompiler {
  quoteIdent(name: string): string;
  node(node: Expr | TableName | Statement | DataType): string;
}

function renderPart(part: SqlPart, c: PartCompiler): string {
  switch (part.kind) {
    case 'template':
      return renderTemplate(part, c);
    case 'identifier':
      return c.quoteIdent(part.name);
    case 'list':
      return part.items.map((item) => renderPart(item, c)).join(renderTemplate(part.separator, c));
    case 'verbatim':
      return part.text;
    default:
      return c.node(part);
  }
}

export function renderTemplate(template: SqlTemplate, c: PartCompiler): string {
  return template.parts.reduce(
    (text, part, i) => text + renderPart(part, c) + template.strings[i + 1],
    template.strings[0]!,
  );
}
