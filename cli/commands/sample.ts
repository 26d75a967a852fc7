import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunCounts } from '../../core/index.js';
import { CliError, importUserModule, pipelineNames } from '../pipelines.js';

/** The options of a sample-data generator; those left out take the generator's defaults. */
export interface SampleRequest {
  readonly out: string;
  readonly rows?: number;
  readonly seed?: number;
  readonly dirty?: number;
  /** The day of a daily feed, from 1; only for a generator that exports `daily = true`. */
  readonly day?: number;
}

/** What `pipelines/<name>/sample.ts` exports. */
export interface SampleModule {
  /**
   * True when the generator writes one day of a daily feed at a time (`--day N`, day 1 unless
   * told); a generator without it writes one snapshot and takes no day.
   */
  readonly daily?: boolean;
  writeSample(options: SampleRequest): {
    /** The seed and dirty fraction used, defaults included. */
    seed?: number;
    dirty?: number;
    files: Record<string, string>;
    expected: Record<string, Pick<RunCounts, 'inputRows'>>;
    defects: Record<string, Record<string, number>>;
  };
}

/**
 * Runs a pipeline's generator: `day` goes to a daily one (1 when not given) and is refused for
 * one that is not. `sample` and `simulate` (without `--input`) both write their data through here.
 */
export function runSample(
  sample: SampleModule,
  name: string,
  request: { readonly [K in keyof SampleRequest]: SampleRequest[K] | undefined },
): ReturnType<SampleModule['writeSample']> & { readonly day?: number } {
  const { day, ...rest } = request;
  if (sample.daily !== true) {
    if (day !== undefined)
      throw new CliError(
        `--day: the sample data of ${name} is one snapshot, not a daily feed; leave --day out`,
      );
    return sample.writeSample(definedOnly(rest));
  }
  if (day !== undefined && (!Number.isInteger(day) || day < 1))
    throw new CliError(`--day must be a whole number from 1, not ${day}`);
  return { ...sample.writeSample({ ...definedOnly(rest), day: day ?? 1 }), day: day ?? 1 };
}

/** The request without the options not given, so a generator's defaults apply. */
const definedOnly = (request: object): SampleRequest =>
  Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as unknown as SampleRequest;

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
  options: { pipelines: string; out: string; rows?: string; seed?: string; dirty?: string; day?: string },
): Promise<number> {
  const sample = await loadSampleModule(options.pipelines, name);
  const summary = runSample(sample, name, {
    out: options.out,
    rows: parseNumberOption('--rows', options.rows, true),
    seed: parseNumberOption('--seed', options.seed, true),
    dirty: parseNumberOption('--dirty', options.dirty, false),
    day: parseNumberOption('--day', options.day, true),
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
