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
import { runSummaryProblems, stableJson } from '../../core/index.js';
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

  it("writes summaries that match the run summary's schema", async () => {
    // The runner's own shaping (rule_results, score, summary) on Glue-style outcomes and counts.
    const plan = join(dir, 'summary-plan.json');
    writeFileSync(plan, stableJson(jobPlan(pipeline, LOCAL_STAGE, pipeline.jobs[0]!, deps)));
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
import lakeline_runner as r
plan = json.load(open(sys.argv[2]))
rules = r.rule_results([
    {"Rule": 'IsComplete "a"', "Outcome": "Passed", "EvaluatedMetrics": {"Column.a.Completeness": 1}},
    {"Rule": "RowCount > 5", "Outcome": "Failed", "FailureReason": "Value: 3", "EvaluatedMetrics": None},
])
quality = {"ruleset": "r", "dataset": plan["input"]["dataset"], "score": r.score(rules), "rules": rules}
counts = {"input_rows": 3, "output_rows": 1, "quarantined_rows": 1, "duplicate_rows": 1}
print(json.dumps([
    r.summary(plan, "run-1", counts, {"EMAIL": 2}, quality, "SUCCEEDED", ["dataset x: the input has 0 rows"]),
    r.summary(plan, "run-2", counts, {}, None, "FAILED_QUALITY_GATE"),
]))
`;
    const result = spawnSync('python3', ['-c', script, join(root, 'glue-scripts', 'python'), plan], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(result.stderr).toBe('');
    const summaries = JSON.parse(result.stdout) as unknown[];
    for (const summary of summaries) expect(await runSummaryProblems(summary)).toEqual([]);
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
