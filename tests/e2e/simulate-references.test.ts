/**
 * One job reading the students output three ways on the local engine: a referenceCheck against the
 * raw students dataset (its keys from the students job's output), a lookup adding each student's
 * country, and ReferentialIntegrity rules against the students output. The check and the lookup
 * share the view `ref_students`, the rules read `dq_ref_students`; the run must register each view
 * once and give the rules the shares recomputed here from the rows the run wrote.
 */
import { describe, expect, it } from 'vitest';
import {
  definePipeline,
  dq,
  findStage,
  job,
  lookup,
  processedDataset,
  quality,
  referenceCheck,
  taskGraph,
} from '../../core/index.js';
import { jobPlan } from '../../glue-scripts/index.js';
import flagship, { students as studentsRaw } from '../../pipelines/student-enrollment/pipeline.js';
import { emitRule } from '../../quality-rules/index.js';
import { makeWorld, processedRows, run } from './simulate-world.js';

const world = makeWorld(300, 0.1);
const students = flagship.jobs.find((j) => j.name === 'students')!;
const enrollments = flagship.jobs.find((j) => j.name === 'enrollments')!;
const byStudent = dq.referentialIntegrity('student_id', students.output, 'student_id', dq.compare('>=', 0.5));
const byCountry = dq.referentialIntegrity(
  ['student_id', 'student_country'],
  students.output,
  ['student_id', 'country'],
  dq.compare('>=', 0),
);
const checked = job({
  name: 'enrollment-students',
  input: enrollments.output,
  steps: [
    referenceCheck({ column: 'student_id', references: studentsRaw, key: 'student_id' }),
    lookup({
      from: students.output,
      on: { column: 'student_id', key: 'student_id' },
      columns: [{ column: 'country', as: 'student_country' }],
    }),
    quality({ ruleset: 'enrollment_students', datasetRules: [byStudent, byCountry] }),
  ],
  output: processedDataset({ name: 'enrollment_students' }),
});
const pipeline = definePipeline({ ...flagship, tasks: [...flagship.tasks, checked] });

type Row = Record<string, unknown>;

describe('a referenceCheck, a lookup and ReferentialIntegrity over one output in one job', () => {
  it('reads the students output into one view per name, after the students job', () => {
    const plan = jobPlan(pipeline, findStage(pipeline, 'local'), checked, { emitRule });
    expect(plan.references.map((r) => [r.view, r.job, r.columns.map((c) => c.name)])).toEqual([
      ['ref_students', 'students', ['student_id', 'country']],
      ['dq_ref_students', 'students', ['student_id', 'country']],
    ]);
    expect(plan.quality?.references).toEqual([{ alias: 'students', view: 'dq_ref_students' }]);
    const levels = taskGraph(pipeline).levels;
    const before = levels
      .slice(
        0,
        levels.findIndex((l) => l.includes(checked)),
      )
      .flat();
    expect(before).toContain(students);
    expect(before).toContain(enrollments);
  });

  it('quarantines orphans, adds the country and judges the kept rows against the students output', async () => {
    const { run: record, workdir } = await run(world, { pipeline });
    expect(record.status).toBe('SUCCEEDED');
    const d = record.datasets.enrollment_students!;
    expect(d.inputRows).toBe(record.datasets.enrollments!.outputRows);

    const all = (await processedRows(workdir)).map((j) => JSON.parse(j) as Row);
    const kept = all.filter((r) => 'student_country' in r);
    const known = all.filter((r) => 'first_name' in r && !('enrollment_id' in r));
    expect(kept.length).toBe(d.outputRows);
    expect(kept.length).toBeGreaterThan(20);
    const countries = new Map(known.map((s) => [String(s.student_id), s.country]));
    // Every kept row's student is known or missing (a missing value is not checked), and the
    // lookup gave it that student's country.
    for (const r of kept) {
      if (r.student_id === null) expect(r.student_country).toBeNull();
      else expect(r.student_country).toBe(countries.get(String(r.student_id)));
    }

    const share = (found: (r: Row) => boolean) => kept.filter(found).length / kept.length;
    const tuples = new Set(known.map((s) => `${s.student_id}|${s.country}`));
    const expected = {
      [emitRule(byStudent)]: share((r) => r.student_id !== null && countries.has(String(r.student_id))),
      [emitRule(byCountry)]: share(
        (r) =>
          r.student_id !== null &&
          r.student_country !== null &&
          tuples.has(`${r.student_id}|${r.student_country}`),
      ),
    };
    const q = record.quality.find((x) => x.ruleset === 'enrollment_students')!;
    expect(q.rules.map((r) => r.result)).toEqual(['PASS', 'PASS']);
    for (const r of q.rules)
      expect(r.metrics['Column.students.ReferentialIntegrity']).toBeCloseTo(expected[r.rule]!, 10);
  });
});
