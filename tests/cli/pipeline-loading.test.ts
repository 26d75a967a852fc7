/**
 * How the command loads a pipeline's TypeScript from source, wherever its folder is: mistakes are
 * reported at their file and line, and a folder outside the repository needs no package.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeline, ROOT } from './run-cli.js';

/** A one-dataset pipeline importing lakeline through `from`, with `columns` as its column list. */
const pipelineSource = (from: string, columns: string) =>
  [
    `import { column, definePipeline, LOCAL_STAGE, notifications, rawDataset, t } from ${JSON.stringify(from)};`,
    `const orders = rawDataset({ name: 'orders', prefix: 'orders/', format: 'csv', columns: ${columns} });`,
    `export default definePipeline({ name: 'shop', description: 'a shop', datasets: [orders], crawlers: [],`,
    `  jobs: [], notifications: notifications({ topic: 'alerts' }), stages: [LOCAL_STAGE] });`,
    '',
  ].join('\n');

describe('a pipelines folder outside the repository', () => {
  let dir: string;
  const write = (source: string) => writeFileSync(join(dir, 'shop', 'pipeline.ts'), source);
  beforeAll(() => {
    // No package.json: the pipeline is an ES module all the same.
    dir = mkdtempSync(join(tmpdir(), 'lakeline-outside-'));
    mkdirSync(join(dir, 'shop'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['the bare name lakeline', 'lakeline'],
    ['the path of core/index.js', join(ROOT, 'core/index.js')],
    ['the path of core/index.ts', join(ROOT, 'core/index.ts')],
  ])('loads a pipeline importing %s', (_name, from) => {
    write(pipelineSource(from, "[column('order_id', t.string())]"));
    const r = lakeline(['--pipelines', dir, 'list', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ name: 'shop', datasets: ['orders'] }]);
  });

  it('reports a typo that throws at its file, line and column, with the line', () => {
    write(pipelineSource('lakeline', "[column('order_id', t.strng())]"));
    const r = lakeline(['--pipelines', '.', 'validate'], dir);
    expect(r.status).toBe(1);
    const column =
      "const orders = rawDataset({ name: 'orders', prefix: 'orders/', format: 'csv', columns: [column('order_id', t."
        .length + 1;
    expect(r.stderr).toBe(
      `error: shop/pipeline.ts:2:${column}: TypeError: t.strng is not a function\n` +
        "  const orders = rawDataset({ name: 'orders', prefix: 'orders/', format: 'csv', columns: [column('order_id', t.strng())] });\n" +
        `  ${' '.repeat(column - 1)}^\n`,
    );
  });

  it('reports a syntax error at its file, line and column, with the line', () => {
    write(pipelineSource('lakeline', "[column('order_id', t.string()) column('x', t.string())]"));
    const r = lakeline(['--pipelines', '.', 'synth', '--stage', 'local', '--out', 'out'], dir);
    expect(r.status).toBe(1);
    const at =
      "const orders = rawDataset({ name: 'orders', prefix: 'orders/', format: 'csv', columns: [column('order_id', t.string()) "
        .length;
    expect(r.stderr).toBe(
      `error: shop/pipeline.ts:2:${at + 1}: Expected "]" but found "column"\n` +
        "  const orders = rawDataset({ name: 'orders', prefix: 'orders/', format: 'csv', columns: [column('order_id', t.string()) column('x', t.string())] });\n" +
        `  ${' '.repeat(at)}^\n`,
    );
  });
});

describe('the pipelines folder when --pipelines is not given', () => {
  it('is the nearest pipelines/ from the working folder up', () => {
    const r = lakeline(['list', '--json'], join(ROOT, 'local', 'glue'));
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject([{ name: 'ecommerce-lakehouse' }, { name: 'student-enrollment' }]);
  });

  it('is missing, said with what to do, outside any repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakeline-nowhere-'));
    try {
      const r = lakeline(['list'], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `error: no pipelines folder at ${join(dir, 'pipelines')} or in a folder above it; run lakeline inside a lakeline repository, or pass --pipelines <dir>\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
