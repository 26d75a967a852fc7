/** The footer of `quality check`'s table says what the reader left out. */
import { describe, expect, it } from 'vitest';
import { qualityTable } from '../../cli/commands/quality.js';
import type { QualityCheckReport } from '../../local/quality/index.js';

const report = (over: Partial<QualityCheckReport>): QualityCheckReport => ({
  ruleset: 'r.dqdl',
  files: ['a.csv', 'b.csv'],
  rows: 1986,
  malformedLines: 0,
  emptyFiles: [],
  notes: [],
  score: 1,
  rules: [{ rule: 'RowCount > 0', result: 'PASS', message: '', metrics: {} }],
  ...over,
});

describe('qualityTable', () => {
  it.each([
    { name: 'nothing left out', over: {}, footer: '(1986 rows from 2 files)' },
    {
      name: 'malformed lines',
      over: { malformedLines: 25 },
      footer: '(1986 rows from 2 files; 25 malformed lines left out, as a job quarantines them)',
    },
    {
      name: 'one malformed line and an empty file',
      over: { malformedLines: 1, emptyFiles: ['b.csv'] },
      footer:
        '(1986 rows from 2 files; 1 malformed line left out, as a job quarantines them; b.csv is empty (0 bytes))',
    },
  ])('$name', ({ over, footer }) => {
    expect(qualityTable(report(over)).at(-1)).toBe(
      `score 1.00: 1 of 1 rules passed, 0 failed, 0 errored ${footer}`,
    );
  });
});
