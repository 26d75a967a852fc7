/**
 * Finds SQL built by string interpolation: template literals that read like SQL and have holes
 * but no `sqlt` tag, `+` chains joining SQL text to a value, and `.join()` with an SQL separator.
 * SQL is recognised by its statement shapes in upper case, as lakeline writes SQL (`SELECT`,
 * `INSERT INTO`, `CREATE … TABLE`, `COPY … TO`, `SET LOCAL ROLE`, …), so prose that merely holds
 * a keyword ("NONE or DELETE") is not SQL. An error's message may quote SQL: it never runs.
 */
import ts from 'typescript';
import { parseSource, type SourceFile, where } from './source-files.js';

const SQL_SHAPES: readonly RegExp[] = [
  /\bSELECT\b/,
  /\bINSERT\s+INTO\b/,
  /\bUPDATE\s+\S+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\bMERGE\s+INTO\b/,
  /\b(CREATE|DROP|ALTER)\s+(OR\s+REPLACE\s+|TEMP\s+|TEMPORARY\s+|UNLOGGED\s+|EXTERNAL\s+|RLS\s+|MASKING\s+)*(TABLE|VIEW|SCHEMA|ROLE|POLICY|PROCEDURE|FUNCTION|INDEX)\b/,
  /\bGRANT\b.*\bON\b/s,
  /\bREVOKE\b.*\bFROM\b/s,
  /\bSET\s+(LOCAL\s+|SESSION\s+)?(ROLE\b|\w+\s*(=|\bTO\b))/,
  /\bCALL\s+\S+\s*\(/,
  /\bCOPY\b.*\b(FROM|TO)\b/s,
  /\b(TRUNCATE|DESCRIBE|PRAGMA)\b/,
];
/** Separators that join SQL: set operations and boolean connectives. */
const SQL_SEPARATOR = /\b(UNION|INTERSECT|EXCEPT|AND|OR)\b/;

/** What `sqlt` and other SQL holes stand for when the text is matched: a word. */
const HOLE = 'x';

const looksLikeSql = (text: string): boolean => SQL_SHAPES.some((shape) => shape.test(text));

function templateText(node: ts.TemplateExpression): string {
  return node.head.text + node.templateSpans.map((span) => HOLE + span.literal.text).join('');
}

const isTaggedSqlt = (node: ts.TemplateExpression): boolean =>
  ts.isTaggedTemplateExpression(node.parent) &&
  ts.isIdentifier(node.parent.tag) &&
  node.parent.tag.text === 'sqlt';

/** Inside the arguments of `new SomethingError(…)`: a message for people. */
function inErrorMessage(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isNewExpression(n) && /Error$/.test(n.expression.getText())) return true;
    if (ts.isFunctionLike(n) || ts.isBlock(n)) return false;
  }
  return false;
}

const literalText = (node: ts.Node): string | undefined =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
    ? node.text
    : ts.isTemplateExpression(node)
      ? templateText(node)
      : undefined;

/** The operands of a `+` chain (`a + b + c`), left to right. */
function plusOperands(node: ts.Expression): ts.Expression[] {
  const inner = ts.isParenthesizedExpression(node) ? node.expression : node;
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return [...plusOperands(inner.left), ...plusOperands(inner.right)];
  }
  return [inner];
}

const isPlus = (node: ts.Node): node is ts.BinaryExpression =>
  ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken;

/** Why the node builds SQL from values, or undefined when it does not. */
function finding(node: ts.Node): string | undefined {
  if (ts.isTemplateExpression(node) && !isTaggedSqlt(node) && looksLikeSql(templateText(node))) {
    return 'an SQL template literal with holes, not tagged sqlt';
  }
  // The top of a `+` chain only, so a chain is reported once.
  if (isPlus(node) && !isPlus(node.parent)) {
    const operands = plusOperands(node);
    const texts = operands.map(literalText);
    if (texts.some((t) => t !== undefined && looksLikeSql(t)) && texts.some((t) => t === undefined)) {
      return 'SQL text joined to a value with +';
    }
  }
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 'join'
  ) {
    const separator = node.arguments[0] === undefined ? undefined : literalText(node.arguments[0]);
    if (separator !== undefined && (SQL_SEPARATOR.test(separator) || looksLikeSql(separator))) {
      return 'SQL joined with .join()';
    }
  }
  return undefined;
}

export interface SqlTextFinding {
  readonly file: string;
  /** `path:line: what`, for messages. */
  readonly message: string;
}

/** Every place of the files that builds SQL text from values outside core/sql's template. */
export function scanSqlText(files: readonly SourceFile[]): SqlTextFinding[] {
  const findings: SqlTextFinding[] = [];
  for (const file of files) {
    const source = parseSource(file);
    const visit = (node: ts.Node): void => {
      const why = finding(node);
      if (why !== undefined && !inErrorMessage(node)) {
        const excerpt = node.getText(source).replace(/\s+/g, ' ').slice(0, 80);
        findings.push({ file: file.path, message: `${where(file, source, node)}: ${why}: ${excerpt}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}
