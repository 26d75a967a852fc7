import { describe, expect, it } from 'vitest';
import { type ArtifactFamily, artifactLayout as layout } from '../../core/index.js';
import { RUNNER_SCRIPT, runnerSource, synthGlue } from '../../glue-scripts/index.js';
import {
  validateClassifierConfig,
  validateCrawlerConfig,
  validateJobConfig,
  validatePlan,
} from '../../glue-scripts/schemas/index.js';
import { deps, dev, LOCAL_STAGE, pipeline } from './fixtures.js';

const VALIDATORS: readonly [ArtifactFamily, (value: unknown) => string[]][] = [
  [layout.jobPlans, validatePlan],
  [layout.jobConfigs, validateJobConfig],
  [layout.crawlers, validateCrawlerConfig],
  [layout.classifiers, validateClassifierConfig],
];

describe('synthGlue', () => {
  it.each([LOCAL_STAGE, dev])('$name: writes every Glue artifact of the flagship', (stage) => {
    const artifacts = synthGlue(pipeline, stage, deps);
    expect(artifacts.map((a) => a.path).sort()).toEqual(
      [
        `glue/classifiers/student-enrollment-${stage.name}-csv.json`,
        'glue/crawlers/processed.json',
        'glue/crawlers/raw.json',
        ...pipeline.jobs.flatMap((j) => [`glue/jobs/${j.name}.json`, `glue/plans/${j.name}.json`]),
        'glue/scripts/lakeline_runner.py',
        'iam/glue-job-role.json',
      ].sort(),
    );
  });

  it.each([LOCAL_STAGE, dev])('$name: every config and plan passes its schema', (stage) => {
    for (const artifact of synthGlue(pipeline, stage, deps)) {
      const validator = VALIDATORS.find(([family]) => family.nameOf(artifact.path) !== undefined);
      if (validator === undefined) continue;
      expect({ path: artifact.path, problems: validator[1](JSON.parse(artifact.content)) }).toEqual({
        path: artifact.path,
        problems: [],
      });
    }
  });

  it('is byte-deterministic', () => {
    const a = synthGlue(pipeline, dev, deps);
    const b = synthGlue(pipeline, dev, deps);
    expect(b).toEqual(a);
  });

  it('ships the runner as it is in the repository', () => {
    const runner = synthGlue(pipeline, dev, deps).find(
      (a) => a.path === layout.glueScripts.path(RUNNER_SCRIPT),
    );
    expect(runner?.content).toBe(runnerSource());
  });

  it('reports a plan that does not match its schema, naming the field', () => {
    const plan = JSON.parse(
      synthGlue(pipeline, dev, deps).find((a) => a.path === layout.jobPlans.path('courses'))!.content,
    );
    expect(validatePlan({ ...plan, planVersion: 1 })).toEqual([
      '/planVersion: must be equal to constant (6)',
    ]);
    expect(plan.accounting).toEqual({ kind: 'rowPreserving' });
    expect(validatePlan({ ...plan, accounting: { kind: 'grainChanging', step: 99 } })).toEqual([
      '/accounting/step: 99 is not a step of the plan',
    ]);
    plan.steps[0].view = 'step_9';
    expect(validatePlan(plan)).toEqual(['/steps/0: expected index 1 and view step_1']);
  });
});
