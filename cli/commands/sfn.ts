import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { JsonValue } from '../../local/executor/index.js';
import { runStateMachine } from '../../local/sfn-run.js';
import { holdWorkdir } from '../hold-workdir.js';
import { CliError } from '../pipelines.js';
import { liveLines } from '../terminal.js';

function readJson(text: string, what: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new CliError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

/** `--input '{"a":1}'` or `--input @input.json`. */
function parseInput(value: string | undefined): JsonValue {
  if (value === undefined) return {};
  if (value.startsWith('@')) {
    const file = value.slice(1);
    if (!existsSync(file)) throw new CliError(`--input file ${file} does not exist`);
    return readJson(readFileSync(file, 'utf8'), file);
  }
  return readJson(value, '--input');
}

export async function sfnRunCommand(
  file: string,
  options: { input?: string; json?: boolean; workdir?: string; warehouse: string },
): Promise<number> {
  if (!existsSync(file)) throw new CliError(`no state machine definition at ${file}`);
  const definition = readJson(readFileSync(file, 'utf8'), file);
  const input = parseInput(options.input);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const workdir = resolve(options.workdir ?? '.lakeline/sfn');
  const lock = holdWorkdir(workdir, `lakeline sfn run ${file}`, say);
  try {
    return await runIn(workdir, file, definition, input, options, say);
  } finally {
    lock.release();
  }
}

async function runIn(
  workdir: string,
  file: string,
  definition: JsonValue,
  input: JsonValue,
  options: { json?: boolean; warehouse: string },
  say: (line: string) => void,
): Promise<number> {
  const result = await runStateMachine({
    definition,
    input,
    workdir,
    warehouse: options.warehouse,
    name: basename(file)
      .replace(/\.(asl\.)?json$/, '')
      .replace(/[^A-Za-z0-9-_]/g, '-'),
    ...(options.json ? {} : { onEvent: liveLines(say) }),
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else if (result.status === 'SUCCEEDED') {
    process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
  } else {
    // The ✗ lines above told the cause, once and in words.
    process.stderr.write(`FAILED: ${result.error}\n`);
  }
  return result.status === 'SUCCEEDED' ? 0 : 1;
}
