/**
 * The command runs compiled JavaScript from a cache keyed by its sources: a copy of the repository
 * compiles once, starts without compiling after that, and compiles again after a source changes.
 */

import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error bin/compile.js is plain JavaScript without declarations.
import { COMPILED_FOLDERS } from '../../bin/compile.js';
import { ROOT } from './run-cli.js';

describe('the compiled command', () => {
  let copy: string;
  const help = () =>
    spawnSync(process.execPath, [join(copy, 'bin/lakeline.js'), '--help'], { cwd: copy, encoding: 'utf8' });

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'lakeline-copy-'));
    for (const entry of [...(COMPILED_FOLDERS as string[]), 'bin', 'package.json'])
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    // The copy's own cache, beside links to the installed packages.
    mkdirSync(join(copy, 'node_modules'));
    for (const name of readdirSync(join(ROOT, 'node_modules')))
      if (name !== '.cache') symlinkSync(join(ROOT, 'node_modules', name), join(copy, 'node_modules', name));
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('compiles on first use, then starts from the cache, and compiles again after an edit', () => {
    const first = help();
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('lakeline: compiling its sources (changed since the last build)…\n');
    expect(first.stdout).toContain('Usage: lakeline');

    const second = help();
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);

    const main = join(copy, 'cli/main.ts');
    writeFileSync(
      main,
      readFileSync(main, 'utf8').replace('synthesize, simulate and deploy them.', 'edited here.'),
    );
    const third = help();
    expect(third.stderr).toBe('lakeline: compiling its sources (changed since the last build)…\n');
    expect(third.stdout).toContain('edited here.');
    expect(readdirSync(join(copy, 'node_modules/.cache/lakeline'))).toHaveLength(2);
  });
});
