import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvRecord, parseCsvText } from '../../../local/glue/crawlers/crawler-csv-parser.js';
import {
  hiveTypeOfDuckDb,
  primitive,
  renderHiveType,
  widerType,
} from '../../../local/glue/crawlers/crawler-hive-type.js';
import { jsonValueType, markFractions } from '../../../local/glue/crawlers/crawler-json.js';
import { globToRegExp } from '../../../local/glue/crawlers/crawler-layout.js';

const COMMA = { delimiter: ',', quote: '"' };
const fields = (records: readonly CsvRecord[]) => records.map((r) => r.fields);

describe('the CSV record reader', () => {
  it.each([
    [
      'plain records, CRLF, no final line break',
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a doubled quote inside quotes', 'x\n"say ""hi""",2\n', [['x'], ['say "hi"', '2']]],
    ['a line break inside quotes', '"one\ntwo",3\n', [['one\ntwo', '3']]],
    ['a BOM and blank lines', '\uFEFFa\n\n\nb\n', [['a'], ['b']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['a stray quote inside an unquoted field is text', 'ab"c,d\n', [['ab"c', 'd']]],
    ['text after a closing quote joins the field', '"ab"c,d\n', [['abc', 'd']]],
  ])('%s', (_case, text, expected) => {
    expect(fields(parseCsvText(text, COMMA, true))).toEqual(expected);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'id,"note, with comma"\r\n1,"multi\nline ""quoted"""\r\n2,plain\r\n';
    const whole = parseCsvText(text, COMMA, true);
    const pieces: CsvRecord[] = [];
    const parser = new CsvParser(COMMA, (r) => pieces.push(r));
    for (const c of text) parser.push(c);
    parser.end();
    expect(pieces).toEqual(whole);
    expect(whole.map((r) => r.quoted)).toEqual([true, true, false]);
  });
});

describe('Hive types', () => {
  it.each([
    ['BOOLEAN', 'boolean'],
    ['INTEGER', 'int'],
    ['BIGINT', 'bigint'],
    ['SMALLINT', 'smallint'],
    ['UINTEGER', 'bigint'],
    ['UBIGINT', 'decimal(20,0)'],
    ['HUGEINT', 'decimal(38,0)'],
    ['FLOAT', 'float'],
    ['DOUBLE', 'double'],
    ['DECIMAL(10,2)', 'decimal(10,2)'],
    ['VARCHAR', 'string'],
    ['BLOB', 'binary'],
    ['DATE', 'date'],
    ['TIMESTAMP', 'timestamp'],
    ['TIMESTAMP WITH TIME ZONE', 'timestamp'],
    ['TIME', 'string'],
    ['UUID', 'string'],
    ["ENUM('a', 'b)')", 'string'],
    ['VARCHAR[]', 'array<string>'],
    ['INTEGER[3]', 'array<int>'],
    ['MAP(VARCHAR, BIGINT)', 'map<string,bigint>'],
    ['STRUCT(k INTEGER, "Odd Name" VARCHAR)', 'struct<k:int,odd name:string>'],
    ['STRUCT(a TIMESTAMP WITH TIME ZONE, b DOUBLE[])[]', 'array<struct<a:timestamp,b:array<double>>>'],
  ])('DuckDB %s is Hive %s', (duckdb, hive) => {
    expect(renderHiveType(hiveTypeOfDuckDb(duckdb))).toBe(hive);
  });

  it.each([
    ['int', 'bigint', 'bigint'],
    ['tinyint', 'smallint', 'smallint'],
    ['bigint', 'double', 'double'],
    ['float', 'double', 'double'],
    ['date', 'timestamp', 'timestamp'],
    ['boolean', 'bigint', 'string'],
    ['DECIMAL(10,2)', 'DECIMAL(12,4)', 'decimal(12,4)'],
    ['DECIMAL(10,2)', 'BIGINT', 'double'],
    ['STRUCT(a INTEGER)', 'STRUCT(b VARCHAR, a BIGINT)', 'struct<a:bigint,b:string>'],
    ['INTEGER[]', 'DOUBLE[]', 'array<double>'],
    ['INTEGER[]', 'INTEGER', 'string'],
  ])('%s and %s meet in %s', (a, b, wider) => {
    const parse = (t: string) =>
      /^[a-z]+$/.test(t) ? primitive(t as Parameters<typeof primitive>[0]) : hiveTypeOfDuckDb(t);
    expect(renderHiveType(widerType(parse(a), parse(b)))).toBe(wider);
  });
});

describe('exclusion globs', () => {
  it.each([
    ['*.csv', 'a.csv', true],
    ['*.csv', 'dir/a.csv', false],
    ['**.csv', 'dir/a.csv', true],
    ['**/_tmp/**', 'x/_tmp/y/z.csv', true],
    ['data-?.json', 'data-1.json', true],
    ['{a,b}/*', 'b/file', true],
    ['[!x]*.csv', 'x1.csv', false],
  ])('%s matches %s: %s', (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });
});

describe('JSON number literals', () => {
  it('keeps a fraction written as 2.0 a double, and leaves strings alone', () => {
    const line = '{"whole":2.0,"neg":-1,"exp":1e3,"big":-3000000000,"s":"2.0 \\"x\\" -5","list":[1,2.5]}';
    expect(markFractions(line)).toBe(
      '{"whole":0.5,"neg":-1,"exp":0.5,"big":-3000000000,"s":"2.0 \\"x\\" -5","list":[1,0.5]}',
    );
    expect(renderHiveType(jsonValueType(JSON.parse(markFractions(line))))).toBe(
      'struct<whole:double,neg:int,exp:double,big:bigint,s:string,list:array<double>>',
    );
  });
});
