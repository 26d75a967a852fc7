/**
 * lookup and window columns end to end on the local engine: the flagship with a gold job over the
 * students output (tests/fixtures/student-standing-job.ts). The lookup reads the enrollments
 * output (partitioned by term, many rows per student) and keeps each student's latest enrollment;
 * the windows rank, bucket and aggregate only the rows the derive before them kept. Every value is
 * recomputed here from the processed rows the run wrote.
 */
import { describe, expect, it } from 'vitest';
import { definePipeline, taskGraph } from '../../core/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { studentStandingJob } from '../fixtures/student-standing-job.js';
import { makeWorld, processedRows, run } from './simulate-world.js';

const world = makeWorld(400, 0.1);
const students = flagship.jobs.find((j) => j.name === 'students')!;
const enrollments = flagship.jobs.find((j) => j.name === 'enrollments')!;
const standing = studentStandingJob(students.output, enrollments.output);
const pipeline = definePipeline({ ...flagship, tasks: [...flagship.tasks, standing] });

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

describe('lookup and window columns on the local engine', () => {
  it('runs after both jobs it reads', () => {
    const levels = taskGraph(pipeline).levels;
    const at = levels.findIndex((l) => l.includes(standing));
    const before = levels.slice(0, at).flat();
    expect(before).toContain(students);
    expect(before).toContain(enrollments);
  });

  it('adds the latest enrollment of each student and ranks only the kept rows', async () => {
    const { run: record, workdir } = await run(world, { pipeline });
    expect(record.status).toBe('SUCCEEDED');
    const d = record.datasets.student_standing!;
    expect(d.inputRows).toBe(record.datasets.students!.outputRows);
    // The lookup drops no row and the windows keep the grain: every row is written or quarantined.
    expect(d.outputRows + d.quarantinedRows + d.duplicateRows).toBe(d.inputRows);
    expect(d.quarantinedRows).toBeGreaterThan(0);

    const all = (await processedRows(workdir)).map((j) => JSON.parse(j) as Row);
    const kept = all.filter((r) => 'marks_rank' in r);
    const enrolled = all.filter((r) => 'enrollment_id' in r);
    expect(kept.length).toBe(d.outputRows);
    expect(kept.length).toBeGreaterThan(20);

    // The lookup: the enrollment with the latest updated_at (ties: the smallest course, marks, term).
    const latest = new Map<string, Row>();
    const order = (r: Row) => [String(r.updated_at), String(r.course_id), Number(r.marks), String(r.term)];
    for (const e of enrolled) {
      const seen = latest.get(String(e.student_id));
      const [a, b] = [order(e), seen === undefined ? undefined : order(seen)];
      if (
        b === undefined ||
        a[0]! > b[0]! ||
        (a[0] === b[0] &&
          (a[1]! < b[1]! || (a[1] === b[1] && (a[2]! < b[2]! || (a[2] === b[2] && a[3]! < b[3]!)))))
      )
        latest.set(String(e.student_id), e);
    }
    let matched = 0;
    for (const r of kept) {
      const e = latest.get(String(r.student_id));
      if (e !== undefined) matched++;
      expect({ id: r.student_id, course: r.last_course_id, marks: num(r.last_marks), term: r.term }).toEqual({
        id: r.student_id,
        course: e?.course_id ?? null,
        marks: e === undefined ? null : Number(e.marks),
        term: e?.term ?? null,
      });
    }
    expect(matched).toBeGreaterThan(0);
    // Students with several enrollments exist: the lookup chose among them.
    const perStudent = new Map<string, number>();
    for (const e of enrolled)
      perStudent.set(String(e.student_id), (perStudent.get(String(e.student_id)) ?? 0) + 1);
    expect([...perStudent.values()].some((n) => n > 1)).toBe(true);

    // The windows, over the kept rows only (marks under 90, or no enrollment).
    for (const r of kept) expect(num(r.last_marks) === null || num(r.last_marks)! < 90).toBe(true);
    const marks = kept.map((r) => num(r.last_marks));
    const best = Math.max(...marks.filter((m): m is number => m !== null));
    for (const r of kept) {
      const country = kept.filter((o) => o.country === r.country);
      const m = num(r.last_marks);
      // rank: 1 + the rows ordered before it (greater marks; NULLs last, all tied).
      const ahead = country.filter((o) => {
        const x = num(o.last_marks);
        return m === null ? x !== null : x !== null && x > m;
      }).length;
      expect({ id: r.student_id, rank: Number(r.marks_rank) }).toEqual({ id: r.student_id, rank: ahead + 1 });
      expect(num(r.best_marks)).toBe(best);
      expect(Number(r.students_in_country)).toBe(country.length);
    }
    // Ties share a rank; a dense rank counts the distinct values before it.
    const terms = [...new Set(kept.map((r) => r.term).filter((x) => x !== null))];
    for (const r of kept) {
      const after = (o: unknown) => (r.term === null ? o !== null : o !== null && String(o) > String(r.term));
      expect({ id: r.student_id, rank: Number(r.term_rank), dense: Number(r.term_order) }).toEqual({
        id: r.student_id,
        rank: kept.filter((o) => after(o.term)).length + 1,
        dense: terms.filter(after).length + 1,
      });
    }
    expect(new Set(kept.map((r) => r.term_rank)).size).toBeLessThan(kept.length / 2);
    // ntile(5): bucket sizes differ by at most one, larger buckets first, and follow the marks.
    const sizes = [1, 2, 3, 4, 5].map((q) => kept.filter((r) => Number(r.marks_quintile) === q).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(kept.length);
    const base = Math.floor(kept.length / 5);
    expect(sizes).toEqual(sizes.map((_, i) => base + (i < kept.length % 5 ? 1 : 0)));
    const key = (m: number | null) => (m === null ? -1 : m);
    for (const a of kept)
      for (const b of kept)
        if (Number(a.marks_quintile) < Number(b.marks_quintile))
          expect(key(num(a.last_marks))).toBeGreaterThanOrEqual(key(num(b.last_marks)));
  });
});
