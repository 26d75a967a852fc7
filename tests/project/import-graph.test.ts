/**
 * The folders import one another only as DESIGN.md's table allows (import-rules.ts), checked on
 * every `.ts` file of the source folders; and the checker is shown to catch what it should.
 */
import { describe, expect, it } from 'vitest';
import { checkImports } from './import-checker.js';
import { IMPORT_EXCEPTIONS, IMPORT_RULES, type ImportException } from './import-rules.js';
import { sourceFiles, sourceFolders } from './source-files.js';

describe('imports between the source folders', () => {
  it('follow the rules of DESIGN.md', () => {
    expect(checkImports(sourceFiles(), IMPORT_RULES, IMPORT_EXCEPTIONS)).toEqual([]);
  });

  it('have a rule for each source folder, naming only folders that exist', () => {
    const folders = sourceFolders();
    expect(Object.keys(IMPORT_RULES).sort()).toEqual(folders);
    const named = Object.values(IMPORT_RULES).flatMap((r) =>
      r.may === 'everything' ? [] : Object.keys(r.may),
    );
    expect(named.filter((f) => !folders.includes(f))).toEqual([]);
  });
});

describe('the import checker', () => {
  const check = (path: string, text: string, exceptions: readonly ImportException[] = []) =>
    checkImports([{ path, text }], IMPORT_RULES, exceptions);

  it.each([
    ['core/sql/a.ts', "import { x } from '../../local/world.js';", 'core may not import local'],
    ['core/a.ts', "export type T = import('../warehouse/index.js').T;", 'core may not import warehouse'],
    ['core/a.ts', "const m = await import('../cli/main.js');", 'core may not import cli'],
    ['core/a.ts', 'const m = await import(name);', 'core may not import a computed module name'],
    [
      'local/a.ts',
      "import p from '../pipelines/student-enrollment/pipeline.js';",
      'local may not import pipelines',
    ],
    ['deploy/a.ts', "import type { P } from '../pipelines/stages.js';", 'deploy may not import pipelines'],
    [
      'local/a.ts',
      "import { jobPlan } from '../glue-scripts/index.js';",
      'local may import only types from glue-scripts',
    ],
    [
      'local/a.ts',
      "import { type A, b } from '../glue-scripts/index.js';",
      'local may import only types from glue-scripts',
    ],
    [
      'local/a.ts',
      "import type { A } from '../glue-scripts/plan/job-plan-types.js';",
      'local may import glue-scripts only through glue-scripts/index.js',
    ],
    [
      'local/a.ts',
      "import { parseRule } from '../quality-rules/parse-rule.js';",
      'local may import quality-rules only through quality-rules/index.js',
    ],
    ['deploy/a.ts', "export * from '../warehouse/index.js';", 'deploy may import only types from warehouse'],
    [
      'warehouse/a.ts',
      "import { parseRule } from '../quality-rules/index.js';",
      'warehouse may import only types from quality-rules',
    ],
    [
      'warehouse/a.ts',
      "export type { R } from '../quality-rules/parse-rule.js';",
      'warehouse may import quality-rules only through quality-rules/index.js',
    ],
    [
      'pipelines/a.ts',
      "import { sql } from '../core/sql/build.js';",
      'pipelines may import core only through core/index.js',
    ],
    ['glue-scripts/a.ts', "import { x } from '../tests/fixtures/x.js';", 'glue-scripts may not import tests'],
  ])('refuses %s: %s', (path, text, why) => {
    const [problem, ...more] = check(path, text);
    expect(more).toEqual([]);
    expect(problem).toMatch(new RegExp(`^${path}:1 '.+': ${why}$`));
  });

  it.each([
    ['local/a.ts', "import { type A, type B } from '../glue-scripts/index.js';"],
    ['local/a.ts', "import { parseRule } from '../quality-rules/index.js';"],
    ['local/a.ts', "import { compile } from '../core/index.js';"],
    ['local/glue/a.ts', "import { b } from '../engines/index.js';\nimport { c } from './c.js';"],
    ['deploy/a.ts', "export type { JobConfig } from '../glue-scripts/index.js';"],
    ['state-machines/a.ts', "import type { QualityEvaluation } from '../glue-scripts/index.js';"],
    ['cli/a.ts', "import { simulate } from '../local/simulate.js';\nconst m = await import(name);"],
    ['core/a.ts', "import ts from 'typescript';"],
  ])('allows %s: %s', (path, text) => {
    expect(check(path, text)).toEqual([]);
  });

  it('excuses a listed exception, and reports one that excuses nothing', () => {
    const exception = { file: 'local/a.ts', specifier: '../pipelines/stages.js', why: 'test' };
    expect(check('local/a.ts', "import { s } from '../pipelines/stages.js';", [exception])).toEqual([]);
    expect(check('local/a.ts', "import { s } from '../core/index.js';", [exception])).toEqual([
      "local/a.ts '../pipelines/stages.js': listed as an exception, but the rules no longer refuse it",
    ]);
  });
});
