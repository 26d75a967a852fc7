import { describe, expect, it } from 'vitest';
import { artifactLayout, LOCAL_STAGE, type Pipeline, PipelineDefinitionError } from '../../core/index.js';
import { dev } from '../../pipelines/stages.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { emitRuleset, parseRuleset, synthQuality } from '../../quality-rules/index.js';

describe('synthQuality on the flagship pipeline', () => {
  const artifacts = synthQuality(flagship, dev);
  const byPath = new Map(artifacts.map((a) => [a.path, a.content]));

  it('writes one quality/<ruleset>.dqdl per quality step, sorted by path', () => {
    expect(artifacts.map((a) => a.path)).toStrictEqual([
      'quality/courses.dqdl',
      'quality/enrollments.dqdl',
      'quality/instructors.dqdl',
      'quality/students.dqdl',
    ]);
  });

  it('writes the enrollments ruleset: row-level rules first, then the dataset-level gates', () => {
    expect(byPath.get(artifactLayout.rulesets.path('enrollments'))).toBe(
      [
        '# Glue Data Quality ruleset "enrollments" of job enrollments (dataset enrollments).',
        '# Row-level: rules 1-4; a row failing any of them is quarantined.',
        '# Dataset-level gates: rules 5-7; checked on the rows that passed, any failure fails the job.',
        'Rules = [',
        '    IsComplete "enrollment_date",',
        '    (ColumnValues "marks" >= 0) and (ColumnValues "marks" <= 100),',
        '    (ColumnValues "attendance_pct" >= 0) and (ColumnValues "attendance_pct" <= 100),',
        '    ColumnValues "status" in ["active", "completed", "dropped", "withdrawn"],',
        '    IsPrimaryKey "enrollment_id",',
        '    RowCount > 0,',
        '    ColumnValues "term" matches "[0-9]{4}-(SPRING|FALL)" with threshold >= 0.99',
        ']',
        '',
      ].join('\n'),
    );
  });

  it.each(artifacts.map((a) => [a.path, a.content] as const))(
    '%s is its own canonical form',
    (_path, content) => {
      expect(emitRuleset(parseRuleset(content))).toBe(content);
    },
  );

  it('holds exactly the rules of each step, row rules then dataset rules', () => {
    for (const job of flagship.jobs) {
      for (const step of job.steps) {
        if (step.kind !== 'quality') continue;
        const parsed = parseRuleset(byPath.get(artifactLayout.rulesets.path(step.ruleset))!);
        expect(parsed.rules).toStrictEqual([...step.rowRules, ...step.datasetRules]);
      }
    }
  });

  it('does not depend on the stage and is byte-deterministic', () => {
    expect(synthQuality(flagship, LOCAL_STAGE)).toStrictEqual(artifacts);
  });

  it('says "rule" for a single rule and leaves out an empty group', () => {
    const onlyGates: Pipeline = {
      ...flagship,
      jobs: flagship.jobs.map((job) => ({
        ...job,
        steps: job.steps.map((s) =>
          s.kind === 'quality' ? { ...s, rowRules: [], datasetRules: s.datasetRules.slice(0, 1) } : s,
        ),
      })),
    };
    const [courses] = synthQuality(onlyGates, dev);
    expect(courses?.content.split('\n').slice(0, 3)).toStrictEqual([
      '# Glue Data Quality ruleset "courses" of job courses (dataset courses).',
      '# Dataset-level gates: rule 1; checked on the rows that passed, any failure fails the job.',
      'Rules = [',
    ]);
  });

  it('refuses two quality steps with the same ruleset name, naming the step at fault', () => {
    const clash: Pipeline = {
      ...flagship,
      jobs: flagship.jobs.map((job) =>
        job.name !== 'courses'
          ? job
          : {
              ...job,
              steps: job.steps.map((s) => (s.kind === 'quality' ? { ...s, ruleset: 'students' } : s)),
            },
      ),
    };
    expect(() => synthQuality(clash, dev)).toThrow(PipelineDefinitionError);
    expect(() => synthQuality(clash, dev)).toThrow(
      'student-enrollment › jobs › courses › steps[2] › ruleset: the ruleset name "students" is already used by job students',
    );
  });
});
