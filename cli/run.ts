/** Runs a command body, turning known errors into a clear message and a non-zero exit code. */
import { PipelineDefinitionError, PipelineValidationError } from '../core/index.js';
import { CliError } from './pipelines.js';

export function formatError(error: unknown): string {
  if (error instanceof PipelineValidationError) {
    const n = error.errors.length;
    const lines = error.errors.map((e) => `  ${e.message.replaceAll('\n', '\n  ')}`);
    return `error: the pipeline definition is invalid (${n} problem${n === 1 ? '' : 's'})\n${lines.join('\n')}`;
  }
  if (error instanceof PipelineDefinitionError || error instanceof CliError) return `error: ${error.message}`;
  if (error instanceof Error)
    return `error: ${error.message}${process.env.LAKELINE_DEBUG ? `\n${error.stack}` : ''}`;
  return `error: ${String(error)}`;
}

/** The body returns the exit code (0 unless it says otherwise). */
export async function run(body: () => Promise<number | undefined> | number | undefined): Promise<void> {
  try {
    process.exitCode = (await body()) ?? 0;
  } catch (error) {
    process.stderr.write(`${formatError(error)}\n`);
    process.exitCode = 1;
  }
}
