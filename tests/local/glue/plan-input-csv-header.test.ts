/**
 * What a CSV header that does not conform is told as: the columns missing and extra, another
 * order, another delimiter, a JSON document; never more of the file than a short excerpt.
 */
import { describe, expect, it } from 'vitest';
import { CSV_OPTIONS } from '../../../glue-scripts/index.js';
import { CsvHeaderError, checkHeader, headerProblem } from '../../../local/glue/plan-input-csv-header.js';

const CSV = CSV_OPTIONS;
const COLUMNS = ['id', 'name', 'marks', 'term'];
const EXPECTED = '(expected: id, name, marks, term)';

describe('headerProblem', () => {
  it.each([
    { name: 'the same columns', line: 'id,name,marks,term', problem: undefined },
    { name: 'other case, quoted names', line: '"ID",Name,"MARKS",term', problem: undefined },
    {
      name: 'a renamed column',
      line: 'id,name,mark,term',
      problem: `header has no column "marks" ${EXPECTED}; extra column "mark"`,
    },
    { name: 'a missing column', line: 'id,name,term', problem: `header has no column "marks" ${EXPECTED}` },
    {
      name: 'two missing, two extra',
      line: 'id,mark,nom,term',
      problem: `header has no columns "name", "marks" ${EXPECTED}; extra columns "mark", "nom"`,
    },
    { name: 'an extra column', line: 'id,name,marks,term,x', problem: 'extra column "x"' },
    { name: 'a column twice', line: 'id,name,marks,term,id', problem: 'column "id" named twice' },
    {
      name: 'another order',
      line: 'id,marks,name,term',
      problem: `header has the columns in another order: column 2 is "marks" where "name" is expected ${EXPECTED}`,
    },
    {
      name: 'semicolons',
      line: 'id;name;marks;term',
      problem: `the file looks ';'-delimited; the dataset's CSV classifier expects ',' ${EXPECTED}`,
    },
    {
      name: 'tabs, one column renamed',
      line: 'id\tname\tmark\tterm',
      problem: `the file looks tab-delimited; the dataset's CSV classifier expects ',' ${EXPECTED}`,
    },
    {
      name: 'a JSON document',
      line: '[{"id": 1, "name": "x"}]',
      problem: `the file looks like JSON, not CSV with a header row ${EXPECTED}; it begins: [{"id": 1, "name": "x"}]`,
    },
  ])('$name', ({ line, problem }) => {
    expect(headerProblem(line, COLUMNS, CSV)).toBe(problem);
  });

  it('quotes at most 200 characters of a huge header, and says how big it was', () => {
    const json = `[${'{"k": "v"}, '.repeat(60_000)}{}]`;
    const problem = headerProblem(json, COLUMNS, CSV)!;
    expect(problem).toBe(
      `the file looks like JSON, not CSV with a header row ${EXPECTED}; it begins: ${json.slice(0, 200)}… (720,004 bytes)`,
    );
  });

  it('throws CsvHeaderError naming the file', () => {
    expect(() => checkHeader('id,name', COLUMNS, CSV, 'enrollments/part-0.csv')).toThrow(CsvHeaderError);
    expect(() => checkHeader('id,name', COLUMNS, CSV, 'enrollments/part-0.csv')).toThrow(
      /^enrollments\/part-0\.csv: header has no columns "marks", "term"/,
    );
  });
});
