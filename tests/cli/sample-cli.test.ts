/**
 * `lakeline sample` with a daily generator (`--day N`) and a snapshot one, and `runSample`, through
 * which both `sample` and `simulate` (without `--input`) write generated data.
 *
 * The daily generator is ecommerce-lakehouse's, run from a pipelines folder of this test's own:
 * `sample` needs only a pipeline folder with a `pipeline.ts` in it, not a pipeline it loads.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSample, type SampleModule, type SampleRequest } from '../../cli/commands/sample.js';
import { CliError } from '../../cli/pipelines.js';
import { writeSample } from '../../pipelines/ecommerce-lakehouse/sample.js';
import { lakeline, ROOT } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'lakeline-sample-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A generator that records what it was asked for. */
function recorder(daily: boolean): { module: SampleModule; asked: SampleRequest[] } {
  const asked: SampleRequest[] = [];
  const module: SampleModule = {
    ...(daily ? { daily: true } : {}),
    writeSample: (options) => {
      asked.push(options);
      return { files: {}, expected: {}, defects: {} };
    },
  };
  return { module, asked };
}

describe('runSample', () => {
  it('gives a daily generator day 1 unless told, and leaves out the options not given', () => {
    const { module, asked } = recorder(true);
    expect(runSample(module, 'shop', { out: 'o', seed: 3 }).day).toBe(1);
    runSample(module, 'shop', { out: 'o', rows: 10, seed: undefined, dirty: 0, day: 4 });
    expect(asked).toEqual([
      { out: 'o', seed: 3, day: 1 },
      { out: 'o', rows: 10, dirty: 0, day: 4 },
    ]);
  });

  it('gives a snapshot generator no day, and refuses one', () => {
    const { module, asked } = recorder(false);
    runSample(module, 'school', { out: 'o', rows: 5, day: undefined });
    expect(asked).toEqual([{ out: 'o', rows: 5 }]);
    expect(() => runSample(module, 'school', { out: 'o', rows: 5, day: 2 })).toThrow(
      new CliError('--day: the sample data of school is one snapshot, not a daily feed; leave --day out'),
    );
  });

  it.each([0, -1, 2.5])('refuses day %d for a daily generator', (day) => {
    const { module, asked } = recorder(true);
    expect(() => runSample(module, 'shop', { out: 'o', day })).toThrow(
      `--day must be a whole number from 1, not ${day}`,
    );
    expect(asked).toEqual([]);
  });
});

describe('lakeline sample --day', () => {
  const pipelines = join(dir, 'pipelines');
  beforeAll(() => {
    mkdirSync(join(pipelines, 'ecommerce-lakehouse'), { recursive: true });
    writeFileSync(join(pipelines, 'ecommerce-lakehouse', 'pipeline.ts'), '');
    writeFileSync(
      join(pipelines, 'ecommerce-lakehouse', 'sample.ts'),
      `export * from ${JSON.stringify(join(ROOT, 'pipelines/ecommerce-lakehouse/sample.ts'))};\n`,
    );
  });
  const sample = (...args: string[]) =>
    lakeline(['--pipelines', pipelines, 'sample', 'ecommerce-lakehouse', ...args], dir);

  it('writes the day asked for, the same bytes as the generator, and says what it planted', () => {
    const out = join(dir, 'day-2');
    const r = sample('--out', out, '--day', '2', '--rows', '80', '--seed', '7');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = writeSample({ out: join(dir, 'day-2-direct'), day: 2, rows: 80, seed: 7 });
    const lines = r.stdout.split('\n');
    for (const dataset of ['customers', 'products', 'resellers', 'orders', 'payments'] as const) {
      const file = join(
        out,
        dataset,
        'ingestion_date=2025-06-02',
        `part-0.${s.files[dataset].split('.').pop()}`,
      );
      expect(lines, dataset).toContain(
        `${dataset.padEnd(12)} ${String(s.expected[dataset].inputRows).padStart(9)} rows  ${file}`,
      );
      expect(readFileSync(file, 'utf8'), dataset).toBe(readFileSync(s.files[dataset], 'utf8'));
    }
    expect(lines).toContain('planted in customers: 1 malformed line, 1 duplicate row, 1 missing customer id');
    expect(r.stdout).toMatch(
      /^planted in orders: (\d+) orphan customer, \1 orphan product, \1 negative quantity, \1 unknown status, \1 unparseable order ts, \1 duplicate line$/m,
    );
    expect(r.stdout).toMatch(/^planted in payments: \d+ unknown method, /m);
    expect(r.stdout).not.toContain('planted in products');
  });

  it('writes day 1 without --day, and plants nothing with --dirty 0', () => {
    const r = sample('--out', join(dir, 'first'), '--rows', '60', '--dirty', '0');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(join(dir, 'first', 'orders', 'ingestion_date=2025-06-01', 'part-0.csv'));
    expect(r.stdout).not.toContain('planted');
  });

  it.each([
    [['--day', '0'], 'error: --day must be a whole number from 1, not 0\n'],
    [['--day', '1.5'], 'error: --day must be a whole number, not "1.5"\n'],
    [['--day', 'two'], 'error: --day must be a whole number, not "two"\n'],
    [['--day', '400'], 'error: --day must be a whole number from 1 to 366, not 400\n'],
  ])('refuses %j', (args, stderr) => {
    const r = sample('--out', join(dir, 'refused'), ...args);
    expect(r.stderr).toBe(stderr);
    expect(r.status).toBe(1);
  });

  it('refuses --day for a generator that writes one snapshot', () => {
    const r = lakeline(['sample', 'student-enrollment', '--out', join(dir, 'school'), '--day', '2']);
    expect(r.stderr).toBe(
      'error: --day: the sample data of student-enrollment is one snapshot, not a daily feed; leave --day out\n',
    );
    expect(r.status).toBe(1);
  });
});
