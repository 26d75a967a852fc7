import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRulesetFiles } from '../../quality-rules/index.js';

describe('parseRulesetFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-dqdl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('returns the canonical text of good files and the positioned error of bad ones, in order', async () => {
    const good = file('good.dqdl', 'Rules=[IsComplete "a",(RowCount>0)AND(IsUnique "a")]');
    const bad = file('bad.dqdl', 'Rules = [\n  ColumnValues "c" between 0]\n');
    const missing = join(dir, 'missing.dqdl');

    const results = await parseRulesetFiles([good, bad, missing]);

    expect(results[0]).toStrictEqual({
      file: good,
      ok: true,
      canonical: 'Rules = [\n    IsComplete "a",\n    (RowCount > 0) and (IsUnique "a")\n]\n',
    });
    expect(results[1]).toStrictEqual({
      file: bad,
      ok: false,
      error: 'line 2, column 29: expected "and" after the lower bound of between, found "]"',
      line: 2,
      column: 29,
    });
    expect(results[2]?.ok).toBe(false);
    expect(results[2]?.file).toBe(missing);
    expect(results[2]?.error).toMatch(/^cannot read the file: .*ENOENT/);
  });

  it('returns an empty list for no files', async () => {
    expect(await parseRulesetFiles([])).toStrictEqual([]);
  });
});
