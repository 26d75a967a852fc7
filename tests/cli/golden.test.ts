import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthTree } from '../../cli/synth-tree.js';
import { findStage } from '../../core/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { ROOT } from './run-cli.js';

const GOLDEN = join(ROOT, 'tests/golden/dev/student-enrollment');

function goldenFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(GOLDEN, p));
    }
  };
  walk(GOLDEN);
  return out.sort();
}

describe('the flagship artifact tree (dev)', () => {
  it('has a golden copy (regenerate with npm run golden:update)', () => {
    expect(existsSync(GOLDEN)).toBe(true);
  });

  const artifacts = synthTree(flagship, findStage(flagship, 'dev'));

  it('has exactly the golden files', () => {
    expect(artifacts.map((a) => a.path).sort()).toEqual(goldenFiles());
  });

  it.each(artifacts.map((a) => [a.path, a.content] as const))(
    '%s matches the golden file',
    (path, content) => {
      expect(content).toBe(readFileSync(join(GOLDEN, path), 'utf8'));
    },
  );
});
