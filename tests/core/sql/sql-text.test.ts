import { describe, expect, it } from 'vitest';
import {
  normalizeStatement,
  positionalParameters,
  splitStatements,
  statementBatches,
} from '../../../core/index.js';

describe('splitStatements', () => {
  it.each([
    ['plain', 'SELECT 1;\n\nSELECT 2;\n', 'postgres', ['SELECT 1', 'SELECT 2']],
    [
      'header comments dropped',
      '-- a file\n-- synthesized\n\nCREATE SCHEMA "s";\n',
      'postgres',
      ['CREATE SCHEMA "s"'],
    ],
    ['; in a literal', "SELECT 'a;b'; SELECT 2", 'postgres', ["SELECT 'a;b'", 'SELECT 2']],
    ['; in an identifier', 'SELECT 1 AS "x;y"; SELECT 2', 'postgres', ['SELECT 1 AS "x;y"', 'SELECT 2']],
    ['doubled quote', "SELECT 'it''s; fine'", 'postgres', ["SELECT 'it''s; fine'"]],
    ['Redshift backslash escape', "SELECT 'a\\';b'; SELECT 2", 'redshift', ["SELECT 'a\\';b'", 'SELECT 2']],
    ['PostgreSQL E-string', "SELECT E'a\\';b'; SELECT 2", 'postgres', ["SELECT E'a\\';b'", 'SELECT 2']],
    ['dollar quote', 'SELECT $$a;b$$; SELECT $t$;$t$', 'postgres', ['SELECT $$a;b$$', 'SELECT $t$;$t$']],
    [
      'Redshift procedure body',
      'CREATE PROCEDURE p() AS $$ BEGIN NULL; END; $$ LANGUAGE plpgsql; CALL p()',
      'redshift',
      ['CREATE PROCEDURE p() AS $$ BEGIN NULL; END; $$ LANGUAGE plpgsql', 'CALL p()'],
    ],
    ['block comment', 'SELECT /* ; */ 1; /* only a comment */', 'postgres', ['SELECT /* ; */ 1']],
    [
      'line comment',
      'SELECT 1 -- ; not a break\n; SELECT 2',
      'postgres',
      ['SELECT 1 -- ; not a break', 'SELECT 2'],
    ],
  ] as const)('%s', (_, text, flavour, expected) => {
    expect(splitStatements(text, flavour)).toEqual(expected);
  });

  it('normalizes what the state machine embeds like what a file holds', () => {
    expect(normalizeStatement('  DELETE FROM "t";  \n')).toBe('DELETE FROM "t"');
    expect(normalizeStatement('/* why */ -- note\nDELETE FROM "t"')).toBe('DELETE FROM "t"');
  });
});

describe('positionalParameters', () => {
  it.each([
    ['SELECT * FROM t WHERE a = :a AND b = :b', 'SELECT * FROM t WHERE a = $1 AND b = $2', ['a', 'b']],
    ['SELECT :a, :a', 'SELECT $1, $1', ['a']],
    ['SELECT x::int FROM t WHERE y = :y', 'SELECT x::int FROM t WHERE y = $1', ['y']],
    ['SELECT \':a\', ":b" FROM t WHERE c = :c', 'SELECT \':a\', ":b" FROM t WHERE c = $1', ['c']],
    ["SELECT '10:30'::time", "SELECT '10:30'::time", []],
  ])('%s', (sql, expected, names) => {
    expect(positionalParameters(sql)).toEqual({ sql: expected, names });
  });
});

describe('statementBatches', () => {
  const file = ['-- header', '-- a', 'A1;', 'A2;', '-- b', 'B1;', 'B2;', 'B3;', '-- c', 'C1;'].join('\n');

  it.each([
    ['everything in one batch when it fits', 10, [['A1', 'A2', 'B1', 'B2', 'B3', 'C1']]],
    [
      'a batch is cut between groups, never inside one that fits',
      4,
      [
        ['A1', 'A2'],
        ['B1', 'B2', 'B3', 'C1'],
      ],
    ],
    ['groups packed as they come', 5, [['A1', 'A2', 'B1', 'B2', 'B3'], ['C1']]],
    [
      'a group longer than a batch is cut into full batches',
      2,
      [
        ['A1', 'A2'],
        ['B1', 'B2'],
        ['B3', 'C1'],
      ],
    ],
  ])('%s (at most %i)', (_name, max, expected) => {
    expect(statementBatches(file, 'redshift', max)).toEqual(expected);
  });

  it('leaves out BEGIN and COMMIT, and keeps a procedure body whole', () => {
    const text =
      'BEGIN;\nCREATE PROCEDURE p() AS $$ BEGIN NULL; END; $$ LANGUAGE plpgsql;\nCALL p();\nCOMMIT;\n';
    expect(statementBatches(text, 'redshift', 40)).toEqual([
      ['CREATE PROCEDURE p() AS $$ BEGIN NULL; END; $$ LANGUAGE plpgsql', 'CALL p()'],
    ]);
  });
});
