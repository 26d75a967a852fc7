/**
 * Finds every import of a source file with the TypeScript parser — `import`, `import type`,
 * `export … from`, `import()` calls and `import('…')` types — resolves the relative ones to a
 * folder, and holds them to the rules of import-rules.ts.
 */
import { posix } from 'node:path';
import ts from 'typescript';
import type { FolderRule, ImportException } from './import-rules.js';
import { parseSource, type SourceFile, where } from './source-files.js';

export interface ImportUse {
  /** `path:line` of the import. */
  readonly at: string;
  readonly file: string;
  /** As written; undefined for an `import()` of a computed name. */
  readonly specifier: string | undefined;
  /** No value crosses: `import type`, `export type`, every named binding `type`, or an import type. */
  readonly typeOnly: boolean;
}

const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>): boolean =>
  elements.length > 0 && elements.every((e) => e.isTypeOnly);

function declarationIsTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    return node.exportClause !== undefined && ts.isNamedExports(node.exportClause)
      ? allTypes(node.exportClause.elements)
      : false;
  }
  const clause = node.importClause;
  if (clause === undefined) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings)
    ? allTypes(bindings.elements)
    : false;
}

export function importsOf(file: SourceFile): ImportUse[] {
  const source = parseSource(file);
  const uses: ImportUse[] = [];
  const use = (node: ts.Node, specifier: string | undefined, typeOnly: boolean) =>
    uses.push({ at: where(file, source, node), file: file.path, specifier, typeOnly });
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      use(node, node.moduleSpecifier.text, declarationIsTypeOnly(node));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      use(node, arg !== undefined && ts.isStringLiteralLike(arg) ? arg.text : undefined, false);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      use(node, node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

const folderOf = (path: string): string => path.split('/')[0]!;

/** Why the import breaks the rule, or undefined when it keeps it. */
function breach(use: ImportUse, from: string, rule: FolderRule): string | undefined {
  if (use.specifier === undefined) {
    return rule.may === 'everything' ? undefined : `${from} may not import a computed module name`;
  }
  if (!use.specifier.startsWith('.')) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(use.file), use.specifier));
  const to = folderOf(target);
  if (to === from || rule.may === 'everything') return undefined;
  const access = rule.may[to];
  if (access === undefined) return `${from} may not import ${to}`;
  if (target !== `${to}/index.js`) return `${from} may import ${to} only through ${to}/index.js`;
  if (access === 'types' && !use.typeOnly) return `${from} may import only types from ${to}`;
  return undefined;
}

/**
 * Every import that breaks its folder's rule (`path:line '<import>': why`) and every exception
 * that excuses nothing; empty when all is well.
 */
export function checkImports(
  files: readonly SourceFile[],
  rules: Readonly<Record<string, FolderRule>>,
  exceptions: readonly ImportException[],
): string[] {
  const problems: string[] = [];
  const used = new Set<ImportException>();
  for (const file of files) {
    const from = folderOf(file.path);
    const rule = rules[from];
    if (rule === undefined) {
      problems.push(`${file.path}: the folder ${from} has no import rule`);
      continue;
    }
    for (const use of importsOf(file)) {
      const why = breach(use, from, rule);
      if (why === undefined) continue;
      const excused = exceptions.find((e) => e.file === use.file && e.specifier === use.specifier);
      if (excused === undefined) problems.push(`${use.at} '${use.specifier ?? 'import(…)'}': ${why}`);
      else used.add(excused);
    }
  }
  for (const e of exceptions.filter((x) => !used.has(x))) {
    problems.push(`${e.file} '${e.specifier}': listed as an exception, but the rules no longer refuse it`);
  }
  return problems;
}
