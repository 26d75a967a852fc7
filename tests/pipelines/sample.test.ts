import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENROLLMENT_DEFECTS, writeSample } from '../../pipelines/student-enrollment/sample.js';

const dir = mkdtempSync(join(tmpdir(), 'lakeline-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const datasets = ['students', 'courses', 'instructors', 'enrollments'] as const;

describe('the student-enrollment sample', () => {
  it('is byte-identical for the same seed and differs for another', () => {
    const a = writeSample({ out: join(dir, 'a'), rows: 300, seed: 9, dirty: 0.2 });
    const b = writeSample({ out: join(dir, 'b'), rows: 300, seed: 9, dirty: 0.2 });
    const c = writeSample({ out: join(dir, 'c'), rows: 300, seed: 10, dirty: 0.2 });
    for (const d of datasets)
      expect(readFileSync(b.files[d]!, 'utf8')).toBe(readFileSync(a.files[d]!, 'utf8'));
    expect(readFileSync(c.files.enrollments!, 'utf8')).not.toBe(readFileSync(a.files.enrollments!, 'utf8'));
  });

  it('plants every defect kind and accounts for every line it wrote', () => {
    const s = writeSample({ out: join(dir, 'd'), rows: 2000, seed: 1, dirty: 0.3 });
    for (const kind of ENROLLMENT_DEFECTS) expect(s.defects.enrollments[kind], kind).toBeGreaterThan(0);
    for (const d of datasets) {
      const lines = readFileSync(s.files[d]!, 'utf8').trimEnd().split('\n').length - 1;
      const e = s.expected[d];
      expect(e.inputRows, d).toBe(lines);
      expect(e.inputRows, d).toBe(e.outputRows + e.quarantinedRows + e.duplicateRows);
    }
  });

  it('writes clean data when dirty is 0', () => {
    const s = writeSample({ out: join(dir, 'e'), rows: 200, seed: 1 });
    expect(Object.values(s.defects.enrollments).every((n) => n === 0)).toBe(true);
    expect(s.expected.enrollments).toEqual({
      inputRows: 200,
      outputRows: 200,
      quarantinedRows: 0,
      duplicateRows: 0,
    });
  });

  it.each([
    [{ rows: 0 }, '--rows must be a positive whole number, not 0'],
    [{ rows: 10, dirty: 1.5 }, '--dirty must be a fraction between 0 and 1, not 1.5'],
  ])('refuses %o', (options, message) => {
    expect(() => writeSample({ out: join(dir, 'f'), ...options })).toThrow(message);
  });
});
