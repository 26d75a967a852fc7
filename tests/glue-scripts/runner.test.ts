/**
 * The PySpark runner is Python: it must compile, and its plan walking is unit-tested with Python's
 * unittest against freshly synthesized flagship plans, so `npm test` covers it too.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stableJson } from '../../core/index.js';
import { jobPlan, runnerSource } from '../../glue-scripts/index.js';
import { deps, LOCAL_STAGE, pipeline } from './fixtures.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const runnerPath = join(root, 'glue-scripts', 'python', 'lakeline_runner.py');

describe('lakeline_runner.py', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-runner-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles', () => {
    // The bytecode goes to the temporary folder, not beside the runner.
    const result = spawnSync('python3', ['-m', 'py_compile', runnerPath], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPYCACHEPREFIX: join(dir, 'pycache') },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('imports nothing from Spark or Glue at module level', () => {
    const topLevel = runnerSource()
      .split('\n')
      .filter((line) => /^(import|from) /.test(line));
    expect(topLevel).toEqual(['import json', 'import re', 'import sys', 'import time']);
  });

  it('passes its unit tests (python -m unittest)', () => {
    const plans = join(dir, 'plans');
    mkdirSync(plans);
    for (const job of pipeline.jobs) {
      writeFileSync(join(plans, `${job.name}.json`), stableJson(jobPlan(pipeline, LOCAL_STAGE, job, deps)));
    }
    const result = spawnSync(
      'python3',
      [
        '-m',
        'unittest',
        'discover',
        '-s',
        join(root, 'tests', 'glue-scripts', 'python'),
        '-p',
        'test_*.py',
        '-v',
      ],
      { encoding: 'utf8', env: { ...process.env, LAKELINE_PLAN_DIR: plans, PYTHONDONTWRITEBYTECODE: '1' } },
    );
    if (result.status !== 0) throw new Error(`python unittest failed:\n${result.stderr}${result.stdout}`);
    expect(result.stderr).toMatch(/\nOK\n?$/);
    expect(result.stderr).not.toMatch(/skipped/);
  });
});
