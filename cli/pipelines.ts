/** Finds and loads pipeline definitions: `pipelines/<name>/pipeline.ts`, default export. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pipeline } from '../core/index.js';

export class CliError extends Error {
  override readonly name = 'CliError';
}

export function pipelineNames(dir: string): string[] {
  if (!existsSync(dir)) throw new CliError(`no pipelines folder at ${dir}`);
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
  const module = (await import(pathToFileURL(resolve(dir, name, 'pipeline.ts')).href)) as {
    default?: Pipeline;
  };
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
