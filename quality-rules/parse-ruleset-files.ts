/** Reads DQDL files and parses each: what `lakeline quality parse <file…>` reports. */
import { readFile } from 'node:fs/promises';
import { DqdlSyntaxError } from './dqdl-syntax-error.js';
import { emitRuleset } from './emit.js';
import { parseRuleset } from './parse-ruleset.js';

export interface RulesetFileResult {
  readonly file: string;
  readonly ok: boolean;
  /** The canonical text, when the file parses. */
  readonly canonical?: string;
  /** `line 3, column 27: …`, or why the file could not be read. */
  readonly error?: string;
  readonly line?: number;
  readonly column?: number;
}

async function parseFile(file: string): Promise<RulesetFileResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file, ok: false, error: `cannot read the file: ${(error as Error).message}` };
  }
  try {
    return { file, ok: true, canonical: emitRuleset(parseRuleset(text)) };
  } catch (error) {
    if (error instanceof DqdlSyntaxError) {
      return { file, ok: false, error: error.message, line: error.line, column: error.column };
    }
    throw error;
  }
}

/** One result per path, in the order given. */
export function parseRulesetFiles(paths: string[]): Promise<RulesetFileResult[]> {
  return Promise.all(paths.map(parseFile));
}
