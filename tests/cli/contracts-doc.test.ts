/**
 * docs/contracts.md documents run.json field by field: every field a real run writes is in the
 * table with the type it has there, and every field the table promises is written.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeline, ROOT } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'lakeline-contracts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Documented {
  readonly path: string;
  readonly type: string;
  readonly pattern: RegExp;
  /** Written only by a job with a grain-changing step, which the flagship has none of (tests/e2e has one). */
  readonly grainChangingOnly: boolean;
}

/** The rows of the run.json table: `path` (with `<…>` for a varying key) and type. */
function documentedFields(): Documented[] {
  const doc = readFileSync(resolve(ROOT, 'docs/contracts.md'), 'utf8');
  const section = doc.slice(doc.indexOf('\n## run.json'));
  return [...section.matchAll(/^\| `([^`]+)`\s*\|((?:\\\||[^|])*)\|([^\n]*)/gm)].map((m) => {
    const path = m[1]!;
    const escaped = path.replace(/[.*+?^${}()[\]\\]/g, '\\$&').replace(/<[^>]+>/g, '.+?');
    return {
      path,
      type: m[2]!.replaceAll('\\|', '|').trim(),
      pattern: new RegExp(`^${escaped}$`),
      grainChangingOnly: m[3]!.trim().startsWith('grain-changing only'),
    };
  });
}

/** Every value that is not an object or array, with its path: `states[].name`, `datasets.x.inputRows`. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, `${path}[]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path === '' ? k : `${path}.${k}`));
  return [[path, value]];
}

/** Whether a value has the documented type: `string`, `number`, or `"A" | "B"`. */
function hasType(value: unknown, type: string): boolean {
  const literals = [...type.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  if (literals.length > 0) return literals.includes(value as string);
  return type.startsWith('string') ? typeof value === 'string' : typeof value === 'number';
}

function simulate(workdir: string, ...args: string[]): unknown {
  const r = lakeline(['simulate', 'student-enrollment', '--workdir', join(root, workdir), '--json', ...args]);
  return JSON.parse(r.stdout);
}

describe('docs/contracts.md, run.json', () => {
  const documented = documentedFields();
  const containers = documented.filter((d) => d.type === 'array' || d.type === 'object');
  const fields = documented.filter((d) => !containers.includes(d));
  let succeeded: [string, unknown][];
  let failed: [string, unknown][];
  beforeAll(() => {
    succeeded = leaves(simulate('dirty', '--rows', '300', '--dirty', '0.1'));
    // The failed run's input is the first run's sample and a header-only courses file beside it,
    // so its courses job warns.
    const input = join(root, 'input-with-empty-file');
    cpSync(join(root, 'dirty', 'input'), input, { recursive: true });
    const [courses] = readdirSync(join(input, 'courses'));
    const header = readFileSync(join(input, 'courses', courses!), 'utf8').split('\n')[0];
    writeFileSync(join(input, 'courses', 'more-courses.csv'), `${header}\n`);
    failed = leaves(
      simulate(
        'failed',
        '--input',
        input,
        '--fail',
        'Run job enrollments=Glue.ConcurrentRunsExceededException:9',
      ),
    );
  });

  it('reads the table', () => {
    expect(fields.length).toBeGreaterThan(20);
    expect(fields.map((f) => f.path)).toContain('datasets.<dataset>.inputRows');
  });

  it('documents every field a run writes, with its type', () => {
    const undocumented = [...succeeded, ...failed].filter(
      ([path, value]) => !fields.some((f) => f.pattern.test(path) && hasType(value, f.type)),
    );
    expect(undocumented).toEqual([]);
  });

  it('lists only fields a run writes', () => {
    const written = [...succeeded, ...failed].map(([path]) => path);
    const missing = fields.filter((f) => !written.some((p) => f.pattern.test(p))).map((f) => f.path);
    expect(missing).toEqual(fields.filter((f) => f.grainChangingOnly).map((f) => f.path));
  });

  it('has `error` exactly when the run failed', () => {
    expect(succeeded.find(([p]) => p === 'status')?.[1]).toBe('SUCCEEDED');
    expect(succeeded.some(([p]) => p === 'error')).toBe(false);
    expect(failed.find(([p]) => p === 'status')?.[1]).toBe('FAILED');
    expect(failed.find(([p]) => p === 'error')?.[1]).toMatch(/^Glue\.ConcurrentRunsExceededException: /);
  });
});
