/**
 * The Redshift → PostgreSQL statement map built from the flagship's synthesized tree: the load and
 * the roles pair statement for statement; the schema and the policies, whose renderings differ in
 * length, translate as a unit carried by their last statement.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { artifactLayout, LOCAL_STAGE, WAREHOUSE_FILES } from '../../../core/index.js';
import { StatementMap, StatementMapConflictError } from '../../../local/redshift/index.js';
import pipeline from '../../../pipelines/student-enrollment/pipeline.js';
import { warehouseFileStatements, warehouseLoadStatements } from '../../../warehouse/index.js';
import { loadSqls, redshiftFile, scratch, writeTree } from './fixtures.js';

const work = scratch('map');
writeTree(work.dir);
const map = StatementMap.fromTrees([work.dir]);
afterAll(() => work.remove());

const postgresFile = (file: Parameters<typeof warehouseFileStatements>[3]) =>
  warehouseFileStatements(pipeline, LOCAL_STAGE, 'postgres', file);

describe('StatementMap', () => {
  it('pairs the load the state machine embeds with the PostgreSQL load, statement for statement', () => {
    const postgres = warehouseLoadStatements(pipeline, LOCAL_STAGE, 'postgres');
    const redshift = loadSqls();
    expect(redshift.map((s) => map.translate(s)?.postgres)).toEqual(postgres.map((s) => [s]));
  });

  it('knows which PostgreSQL COPY stands for a Redshift COPY and which for a Spectrum read', () => {
    const copies = loadSqls()
      .map((s) => ({ s, t: map.translate(s)! }))
      .filter(({ t }) => t.postgres[0]!.startsWith('COPY'));
    expect(
      copies.map(({ s, t }) => [s.slice(0, 6), /"edu_staging"\."(\w+)"/.exec(s)![1], t.redshiftCopy]),
    ).toEqual([
      ['COPY "', 'students', true],
      ['COPY "', 'courses', true],
      ['COPY "', 'instructors', true],
      ['INSERT', 'enrollments', false],
    ]);
  });

  it('pairs the roles file statement for statement', () => {
    const postgres = postgresFile(WAREHOUSE_FILES.roles);
    expect(redshiftFile(WAREHOUSE_FILES.roles).map((s) => map.translate(s)?.postgres)).toEqual(
      postgres.map((s) => [s]),
    );
  });

  it.each([WAREHOUSE_FILES.schema, WAREHOUSE_FILES.policies])(
    'runs %s, whose renderings differ in length, as a unit on its last statement',
    (file) => {
      const redshift = redshiftFile(file);
      const postgres = postgresFile(file);
      expect(redshift.length).not.toBe(postgres.length);
      const translated = redshift.map((s) => map.translate(s)?.postgres);
      expect(translated.slice(0, -1).every((t) => t !== undefined && t.length === 0)).toBe(true);
      expect(translated.at(-1)).toEqual(postgres);
    },
  );

  it('leaves SQL it does not know alone, and matches statements whatever their trailing blanks', () => {
    expect(map.translate('SELECT 1')).toBeUndefined();
    const first = loadSqls()[0]!;
    expect(map.translate(`  ${first};\n`)?.origin).toMatch(
      new RegExp(`/${artifactLayout.warehouseFile('redshift', WAREHOUSE_FILES.load)} #1$`),
    );
  });

  it('refuses a statement that would mean two things locally', () => {
    expect(() =>
      StatementMap.fromFiles([
        { name: 'a.sql', redshift: 'SELECT 1;', postgres: 'SELECT 1;' },
        { name: 'b.sql', redshift: 'SELECT 1;', postgres: 'SELECT 2;' },
      ]),
    ).toThrow(StatementMapConflictError);
  });
});
