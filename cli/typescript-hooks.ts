/**
 * Module hooks (node:module `register`) under which a pipeline's TypeScript loads from source when
 * the command runs compiled: `.ts` files are transpiled by esbuild as they load (ES modules,
 * with inline source maps so errors name the `.ts` line); a `./x.js` import finds `./x.ts`, as
 * TypeScript resolves it; and an import of lakeline's own sources (`../../core/index.js`, an
 * absolute path to it, or the bare `lakeline`) is pointed at the compiled copy the command itself
 * runs, so a pipeline and the command share one instance of every module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';

export interface HooksData {
  /** The repository's root: where `core/`, `cli/` … hold the TypeScript sources. */
  readonly sourceRoot: string;
  /** The compiled copy of those folders. */
  readonly compiledRoot: string;
  readonly folders: readonly string[];
}

interface ResolveContext {
  readonly parentURL?: string | undefined;
}
interface Resolved {
  readonly url: string;
  readonly format?: string | null | undefined;
  readonly shortCircuit?: boolean;
}
interface Loaded {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array | null;
  readonly shortCircuit?: boolean;
}
/**
 * The hooks run either in this thread (`module.registerHooks`, Node 22.15 and later), where the
 * next hook answers at once, or in Node's hooks thread (`module.register`), where it answers with
 * a promise; they are written for both.
 */
type Maybe<T> = T | Promise<T>;
type NextResolve = (specifier: string, context: ResolveContext) => Maybe<Resolved>;
type NextLoad = (url: string, context: object) => Maybe<Loaded>;

const then = <T, U>(value: Maybe<T>, f: (value: T) => U): Maybe<U> =>
  value instanceof Promise ? value.then(f) : f(value as T);

let data: HooksData | undefined;

/** Called by `module.register` with the data it was given, or directly before `registerHooks`. */
export function initialize(given: HooksData): void {
  data = given;
}

/** The compiled copy of one of lakeline's own source files, or the URL as it is. */
function compiledCopy(url: string): string {
  if (data === undefined || !url.startsWith('file:') || !url.endsWith('.ts')) return url;
  const path = fileURLToPath(url);
  for (const folder of data.folders) {
    const prefix = `${data.sourceRoot}${sep}${folder}${sep}`;
    if (path.startsWith(prefix)) {
      const rest = path.slice(data.sourceRoot.length).replace(/\.ts$/, '.js');
      return pathToFileURL(`${data.compiledRoot}${rest}`).href;
    }
  }
  return url;
}

const isPath = (specifier: string) =>
  specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');

export function resolve(specifier: string, context: ResolveContext, next: NextResolve): Maybe<Resolved> {
  if (data !== undefined && (specifier === 'lakeline' || specifier === 'lakeline/core')) {
    return { url: pathToFileURL(`${data.compiledRoot}/core/index.js`).href, shortCircuit: true };
  }
  if (isPath(specifier) && specifier.endsWith('.js') && context.parentURL !== undefined) {
    const url = new URL(specifier, context.parentURL);
    const typescript = new URL(url.href.replace(/\.js$/, '.ts'));
    if (!existsSync(url) && existsSync(typescript)) {
      return { url: compiledCopy(typescript.href), shortCircuit: true };
    }
  }
  return then(next(specifier, context), (resolved) => ({
    ...resolved,
    url: compiledCopy(resolved.url),
    shortCircuit: true,
  }));
}

export function load(url: string, context: object, next: NextLoad): Maybe<Loaded> {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  const { code } = transformSync(readFileSync(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: file,
    sourcemap: 'inline',
    sourcesContent: false,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
