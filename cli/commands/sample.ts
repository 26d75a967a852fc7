import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunCounts } from '../../core/index.js';
import { CliError, importUserModule, pipelineNames } from '../pipelines.js';

/** What `pipelines/<name>/sample.ts` exports. */
export interface SampleModule {
  writeSample(options: { out: string; rows?: number; seed?: number; dirty?: number }): {
    files: Record<string, string>;
    expected: Record<string, Pick<RunCounts, 'inputRows'>>;
    defects: Record<string, Record<string, number>>;
  };
}

export async function loadSampleModule(pipelinesDir: string, name: string): Promise<SampleModule> {
  const known = pipelineNames(pipelinesDir);
  if (!known.includes(name))
    throw new CliError(`unknown pipeline "${name}"; the pipelines are: ${known.join(', ')}`);
  const file = resolve(pipelinesDir, name, 'sample.ts');
  if (!existsSync(file))
    throw new CliError(
      `pipeline ${name} has no sample-data generator (${join(pipelinesDir, name, 'sample.ts')})`,
    );
  return (await importUserModule(file, pipelinesDir)) as SampleModule;
}

export function parseNumberOption(
  name: string,
  value: string | undefined,
  integer: boolean,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new CliError(`${name} must be ${integer ? 'a whole number' : 'a number'}, not "${value}"`);
  }
  return n;
}

export async function sampleCommand(
  name: string,
  options: { pipelines: string; out: string; rows?: string; seed?: string; dirty?: string },
): Promise<number> {
  const sample = await loadSampleModule(options.pipelines, name);
  const rows = parseNumberOption('--rows', options.rows, true);
  const seed = parseNumberOption('--seed', options.seed, true);
  const dirty = parseNumberOption('--dirty', options.dirty, false);
  const summary = sample.writeSample({
    out: options.out,
    ...(rows === undefined ? {} : { rows }),
    ...(seed === undefined ? {} : { seed }),
    ...(dirty === undefined ? {} : { dirty }),
  });
  for (const [dataset, file] of Object.entries(summary.files)) {
    const n = summary.expected[dataset]?.inputRows ?? 0;
    process.stdout.write(`${dataset.padEnd(12)} ${String(n).padStart(9)} rows  ${file}\n`);
  }
  for (const [dataset, kinds] of Object.entries(summary.defects)) {
    const planted = Object.entries(kinds).filter(([, n]) => n > 0);
    if (planted.length > 0) {
      process.stdout.write(
        `planted in ${dataset}: ${planted.map(([k, n]) => `${n} ${k.replaceAll('_', ' ')}`).join(', ')}\n`,
      );
    }
  }
  return 0;
}
