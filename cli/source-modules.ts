/**
 * Imports a user's TypeScript module (a `pipeline.ts`, a `sample.ts`) from source. Run compiled
 * (bin/lakeline.js), the command registers `typescript-hooks` once, on the first such import, so
 * commands that load no pipeline pay nothing for it; run from source (the tests), TypeScript
 * already loads and the module is imported as it is.
 */
import { readFileSync } from 'node:fs';
import * as module from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HooksData } from './typescript-hooks.js';

const compiled = import.meta.url.endsWith('.js');
let registered = false;

async function registerTypescriptHooks(): Promise<void> {
  if (registered || !compiled) return;
  registered = true;
  const build = JSON.parse(readFileSync(new URL('../build.json', import.meta.url), 'utf8')) as {
    sourceRoot: string;
    folders: string[];
  };
  const data: HooksData = {
    sourceRoot: build.sourceRoot,
    compiledRoot: fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, ''),
    folders: build.folders,
  };
  // In this thread where Node has registerHooks (22.15 and later); Node 20 runs hooks in a thread
  // of their own.
  const { registerHooks } = module as { registerHooks?: (hooks: object) => unknown };
  if (registerHooks === undefined) {
    module.register(new URL('./typescript-hooks.js', import.meta.url), { data });
    return;
  }
  const hooks = await import('./typescript-hooks.js');
  hooks.initialize(data);
  registerHooks({ resolve: hooks.resolve, load: hooks.load });
}

export async function importSource(file: string): Promise<unknown> {
  await registerTypescriptHooks();
  return import(pathToFileURL(file).href);
}

interface EsbuildMessage {
  readonly text: string;
  readonly location?: { file: string; line: number; column: number; lineText: string } | null;
}

/**
 * Where a module failed to load, and why, in the terms of the user's file: a syntax error with
 * its line and a caret, or the first frame in the user's folder of a stack trace (source maps give
 * the `.ts` line), with the error's message and the line it points at. Paths are shown relative to
 * the working folder where they are inside it.
 */
export function describeLoadError(error: unknown, userDir: string): string {
  const shorten = (path: string) => {
    const rel = relative(process.cwd(), path);
    return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  };
  const pointAt = (lineText: string, column: number) => `\n  ${lineText}\n  ${' '.repeat(column)}^`;
  const messages = (error as { errors?: EsbuildMessage[] }).errors;
  const syntax = Array.isArray(messages) ? messages[0] : undefined;
  if (syntax?.location) {
    const { file, line, column, lineText } = syntax.location;
    return `${shorten(file)}:${line}:${column + 1}: ${syntax.text}${pointAt(lineText, column)}`;
  }
  if (!(error instanceof Error)) return String(error);
  const what = `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  const frames = (error.stack ?? '').split('\n').flatMap((text) => {
    const m = /((?:file:\/\/)?[^\s()]+\.ts):(\d+):(\d+)/.exec(text);
    if (m === null) return [];
    const file = m[1]!.startsWith('file:') ? fileURLToPath(m[1]!) : m[1]!;
    return [{ file, line: Number(m[2]), column: Number(m[3]) }];
  });
  const inside = resolve(userDir) + sep;
  const frame = frames.find((f) => f.file.startsWith(inside));
  if (frame === undefined) return what;
  let lineText: string | undefined;
  try {
    lineText = readFileSync(frame.file, 'utf8').split(/\r?\n/)[frame.line - 1];
  } catch {
    // The message still says where.
  }
  const source = lineText === undefined ? '' : pointAt(lineText, frame.column - 1);
  return `${shorten(frame.file)}:${frame.line}:${frame.column}: ${what}${source}`;
}
