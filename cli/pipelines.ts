/** Finds and loads pipeline definitions: `pipelines/<name>/pipeline.ts`, default export. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Pipeline, PipelineDefinitionError, PipelineValidationError } from '../core/index.js';
import { describeLoadError, importSource } from './source-modules.js';

export class CliError extends Error {
  override readonly name = 'CliError';
}

/**
 * Imports a pipeline's TypeScript module; an error while loading it (a syntax error, a typo that
 * throws) is reported at its file and line. The definition's own errors pass through as they are.
 */
export async function importUserModule(file: string, userDir: string): Promise<unknown> {
  try {
    return await importSource(file);
  } catch (error) {
    if (error instanceof PipelineValidationError || error instanceof PipelineDefinitionError) throw error;
    throw new CliError(describeLoadError(error, userDir), { cause: error });
  }
}

export function pipelineNames(dir: string): string[] {
  if (!existsSync(dir))
    throw new CliError(
      `no pipelines folder at ${resolve(dir)} or in a folder above it; run lakeline inside a lakeline repository, or pass --pipelines <dir>`,
    );
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'pipeline.ts')))
    .map((e) => e.name)
    .sort();
}

export async function loadPipeline(dir: string, name: string): Promise<Pipeline> {
  const known = pipelineNames(dir);
  if (!known.includes(name)) {
    throw new CliError(`unknown pipeline "${name}"; the pipelines are: ${known.join(', ') || '(none)'}`);
  }
  const module = (await importUserModule(resolve(dir, name, 'pipeline.ts'), dir)) as { default?: Pipeline };
  const pipeline = module.default;
  if (pipeline?.kind !== 'pipeline') {
    throw new CliError(`${join(dir, name, 'pipeline.ts')} must export default definePipeline({ … })`);
  }
  if (pipeline.name !== name) {
    throw new CliError(
      `pipelines/${name}/pipeline.ts defines "${pipeline.name}"; name the folder after the pipeline`,
    );
  }
  return pipeline;
}

/** The named pipelines, or all of them when none is named. */
export async function loadPipelines(dir: string, names: readonly string[]): Promise<Pipeline[]> {
  const wanted = names.length > 0 ? names : pipelineNames(dir);
  const out: Pipeline[] = [];
  for (const name of wanted) out.push(await loadPipeline(dir, name));
  return out;
}
