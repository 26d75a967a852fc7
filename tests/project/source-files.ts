/** lakeline's own TypeScript sources, read for the tests that hold the code itself to its rules. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../cli/run-cli.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The folders of shipped code: every top-level folder holding TypeScript, but tests/ (tests may
 * import and write anything). Found on disk, so a new folder is checked from its first file.
 */
export function sourceFolders(root: string = ROOT): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !/^(\.|node_modules$|tests$)/.test(e.name))
    .filter((e) => tsFiles(join(root, e.name)).length > 0)
    .map((e) => e.name)
    .sort();
}

export interface SourceFile {
  /** Relative to the repository, with `/` between folders. */
  readonly path: string;
  readonly text: string;
}

/** Every `.ts` file of the source folders, in a stable order. */
export function sourceFiles(root: string = ROOT): SourceFile[] {
  return sourceFolders(root)
    .flatMap((folder) => tsFiles(join(root, folder)))
    .map((path) => ({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export const parseSource = (file: SourceFile): ts.SourceFile =>
  ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);

/** `path:line` of a node, for messages. */
export const where = (file: SourceFile, source: ts.SourceFile, node: ts.Node): string =>
  `${file.path}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
