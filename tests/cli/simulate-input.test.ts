/** `simulate --input` inside the default workdir, which each run empties, is refused before anything is deleted. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lakeline, ROOT } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'lakeline-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('simulate --input inside the default workdir', () => {
  it('is refused, and the input is left as it is', () => {
    const input = join(root, '.lakeline', 'student-enrollment', 'input');
    mkdirSync(join(input, 'students'), { recursive: true });
    writeFileSync(join(input, 'students', 'students.csv'), 'student_id\n1\n');
    const r = lakeline(
      [
        '--pipelines',
        resolve(ROOT, 'pipelines'),
        'simulate',
        'student-enrollment',
        '--input',
        '.lakeline/student-enrollment/input',
      ],
      root,
    );
    expect([r.status, r.stderr]).toEqual([
      1,
      'error: --input .lakeline/student-enrollment/input is inside .lakeline/student-enrollment, which simulate empties at the start of each run; copy it elsewhere, or pass --workdir\n',
    ]);
    expect(readdirSync(join(input, 'students'))).toEqual(['students.csv']);
  });
});
