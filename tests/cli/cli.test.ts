import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeline, ROOT } from './run-cli.js';

function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('lakeline list', () => {
  it('lists the flagship with its stages', () => {
    const r = lakeline(['list', '--json']);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; stages: string[] }[];
    expect(rows.map((p) => p.name)).toContain('student-enrollment');
    expect(rows.find((p) => p.name === 'student-enrollment')?.stages).toEqual(['local', 'dev', 'prod']);
  });

  it('shows the order its tasks run in, side by side where nothing orders them', () => {
    const r = lakeline(['list']);
    expect(r.stdout).toContain(
      '  runs:     raw → students + courses + instructors → enrollments → processed → warehouse-load\n',
    );
  });
});

describe('lakeline synth', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'lakeline-synth-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes the artifact tree, byte-identical on a second run', () => {
    const first = lakeline(['synth', '--stage', 'dev', '--out', join(out, 'a')]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/synthesized student-enrollment for stage dev: \d+ files/);
    const second = lakeline(['synth', 'student-enrollment', '--stage', 'dev', '--out', join(out, 'b')]);
    expect(second.status).toBe(0);
    const a = filesUnder(join(out, 'a/dev/student-enrollment'));
    const b = filesUnder(join(out, 'b/dev/student-enrollment'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, content] of a) expect(b.get(path), path).toBe(content);
    for (const expected of [
      'state-machine.asl.json',
      'glue/scripts/lakeline_runner.py',
      'glue/plans/enrollments.json',
      'quality/enrollments.dqdl',
      'lakeformation/grants.json',
      'sns/topic.json',
      'manifest.json',
    ]) {
      expect(a.has(expected), expected).toBe(true);
    }
  });

  it('names the stages when the stage is unknown', () => {
    const r = lakeline(['synth', '--stage', 'qa', '--out', join(out, 'c')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'error: pipeline ecommerce-lakehouse has no stage "qa"; its stages are: local, dev, prod\n',
    );
  });

  it('names the pipelines when the pipeline is unknown', () => {
    const r = lakeline(['synth', 'student-enrolment', '--stage', 'dev', '--out', join(out, 'd')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'error: unknown pipeline "student-enrolment"; the pipelines are: ecommerce-lakehouse, student-enrollment',
    );
  });
});

describe('lakeline plan / deploy / destroy', () => {
  const out = mkdtempSync(join(tmpdir(), 'lakeline-deploy-cli-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('names the stages when the stage is unknown, before calling AWS', () => {
    for (const command of ['plan', 'deploy', 'destroy']) {
      const r = lakeline([command, '--stage', 'qa', '--out', join(out, 'e')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        'error: pipeline ecommerce-lakehouse has no stage "qa"; its stages are: local, dev, prod\n',
      );
    }
  });

  it('refuses an endpoint that is not a URL', () => {
    const r = lakeline(['plan', '--stage', 'dev', '--endpoint', 'localhost:4566', '--out', join(out, 'f')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'error: --endpoint must be an http(s) URL such as http://127.0.0.1:4566, not "localhost:4566"\n',
    );
  });
});

describe('a broken definition', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lakeline-broken-'));
    mkdirSync(join(dir, 'broken-shop'));
    // Pipelines are ES modules, as in the repository's own package.json.
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const core = join(ROOT, 'core/index.js');
    writeFileSync(
      join(dir, 'broken-shop/pipeline.ts'),
      `import { column, columnSpec, definePipeline, deduplicate, job, LOCAL_STAGE, notifications, processedDataset,
         rawDataset, standardize, t } from ${JSON.stringify(core)};
       const orders = rawDataset({ name: 'orders', prefix: 'orders/', format: 'csv',
         columns: [column('order_id', t.string()), column('ordered_at', t.timestamp())] });
       export default definePipeline({
         name: 'broken-shop', description: 'x', datasets: [orders], crawlers: [],
         jobs: [job({ name: 'orders', input: orders, output: processedDataset({ name: 'orders' }),
           steps: [standardize([columnSpec('order_id'), columnSpec('ordered_at')]),
                   deduplicate({ keys: ['order_no'], orderBy: 'ordered_at' })] })],
         notifications: notifications({ topic: 'alerts' }), stages: [LOCAL_STAGE] });
      `,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expected =
    'error: the pipeline definition is invalid (1 problem)\n' +
    '  broken-shop › jobs › orders › steps[1] (deduplicate) › keys[0]: unknown column "order_no" at this step\n' +
    '    fix: use one of the columns available there: order_id, ordered_at\n';

  it.each([
    ['synth', ['synth', '--stage', 'local', '--out', 'out']],
    ['validate', ['validate']],
  ])('makes %s exit non-zero naming the pipeline, the path and the fix', (_name, args) => {
    const r = lakeline(['--pipelines', dir, ...args], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(expected);
  });
});

describe('lakeline validate', () => {
  it('checks every stage of the flagship', () => {
    const r = lakeline(['validate']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok {3}student-enrollment \(local\): \d+ files, \d+ checked$/m);
    expect(r.stdout).toMatch(/^ok {3}student-enrollment \(prod\): /m);
  });
});

describe('lakeline quality parse', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lakeline-dqdl-'));
    writeFileSync(join(dir, 'good.dqdl'), 'Rules = [\n  IsComplete "id",\n  RowCount > 0\n]\n');
    writeFileSync(join(dir, 'bad.dqdl'), "Rules = [\n  ColumnValues 'id' > 0\n]\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the canonical ruleset, and the error with line and column', () => {
    const r = lakeline(['quality', 'parse', join(dir, 'good.dqdl'), join(dir, 'bad.dqdl'), '--json']);
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout) as {
      file: string;
      ok: boolean;
      canonical?: string;
      error?: string;
    }[];
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[0]?.canonical).toContain('IsComplete "id"');
    expect(results[1]).toMatchObject({ ok: false });
    expect(results[1]?.error).toMatch(/line 2, column 16/);
  });

  it('exits 0 when every file parses', () => {
    const r = lakeline(['quality', 'parse', join(dir, 'good.dqdl')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('RowCount > 0');
  });
});
