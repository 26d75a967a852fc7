// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the planted examples are source code, holes and all
/**
 * Outside core/sql, no SQL is built by interpolating strings: SQL with values in it is an IR node
 * or a `sqlt` template (core/sql/template.ts). The scanner is also run on small planted examples.
 */
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';
import { scanSqlText } from './sql-text-scanner.js';

/** Files allowed to write SQL text by hand; one that no longer does fails the test. */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  'bench/baseline.ts':
    "the benchmark's yardstick: the flagship's jobs as an engineer would write them in plain DuckDB " +
    'SQL without lakeline, so hand-written SQL text is what it measures against',
};

describe('SQL text outside core/sql', () => {
  const findings = scanSqlText(sourceFiles().filter((f) => !f.path.startsWith('core/sql/')));

  it('is built with core/sql, never by interpolation', () => {
    expect(findings.filter((f) => EXCEPTIONS[f.file] === undefined).map((f) => f.message)).toEqual([]);
  });

  it.each(Object.keys(EXCEPTIONS))('is still written by hand in the exception %s', (file) => {
    expect(findings.some((f) => f.file === file)).toBe(true);
  });
});

describe('the SQL text scanner', () => {
  const scan = (text: string) => scanSqlText([{ path: 'local/a.ts', text }]).map((f) => f.message);

  it.each([
    ['db.run(`SELECT * FROM ${table}`);', 'an SQL template literal with holes, not tagged sqlt'],
    ['const q = `CREATE OR REPLACE VIEW ${name} AS ${query}`;', 'an SQL template literal with holes'],
    ['run(`COPY (${q}) TO ${file} (FORMAT parquet)`);', 'an SQL template literal with holes'],
    ['run(`SET LOCAL ROLE ${role}`);', 'an SQL template literal with holes'],
    ['tx.exec(`SET work_mem = ${mb}`);', 'an SQL template literal with holes'],
    ['run(`DESCRIBE ${relation}`);', 'an SQL template literal with holes'],
    ["const q = 'SELECT count(*) FROM ' + table + ' WHERE x';", 'SQL text joined to a value with +'],
    ["const q = parts.join(' UNION ALL ');", 'SQL joined with .join()'],
    ["const where = tests.join(' AND ');", 'SQL joined with .join()'],
  ])('reports %s', (text, why) => {
    const [message, ...more] = scan(text);
    expect(more).toEqual([]);
    expect(message).toMatch(new RegExp(`^local/a\\.ts:1: ${why}`));
  });

  it.each([
    'db.run(sqlt`SELECT * FROM ${s.ident(table)}`);',
    "db.run('SELECT pg_backend_pid() AS pid');",
    "db.run(`SET TimeZone = 'UTC'`);",
    'throw new WarehouseError(`COPY ${table} FROM ${from} failed`, code);',
    'throw validation(`ActionAfterCompletion must be NONE or DELETE, not ${after}`);',
    'log(`delete ${n} resources of ${pipeline}?`);',
    "const q = 'SELECT ' + 'count(*)';",
    "const line = names.join(', ');",
  ])('leaves %s alone', (text) => {
    expect(scan(text)).toEqual([]);
  });
});
