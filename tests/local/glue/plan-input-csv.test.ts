/**
 * The CSV screen in front of the engine's parser: which lines are whole records, which are
 * malformed (with their text), and that a quote that never closes costs only its own line.
 */
import { describe, expect, it } from 'vitest';
import { CSV_OPTIONS } from '../../../glue-scripts/index.js';
import { CsvHeaderError, firstInvalidUtf8, screenCsv } from '../../../local/glue/plan-input-csv.js';

const CSV = CSV_OPTIONS;
const COLUMNS = ['a', 'b', 'c'];
const screen = (text: string) => screenCsv(Buffer.from(text), COLUMNS, CSV, 's3://b/k.csv');

describe('screenCsv', () => {
  it.each([
    { name: 'plain records', text: 'a,b,c\n1,2,3\n4,5,6\n', records: 2, malformed: [] },
    { name: 'no final line break', text: 'a,b,c\n1,2,3\n4,5,6', records: 2, malformed: [] },
    {
      name: 'quoted delimiter and doubled quote',
      text: 'a,b,c\n1,"x,y",3\n2,"p""q",4\n',
      records: 2,
      malformed: [],
    },
    {
      name: 'a quoted field across lines',
      text: 'a,b,c\n1,"line one\nline two",3\n4,5,6\n',
      records: 2,
      malformed: [],
    },
    { name: 'too few fields', text: 'a,b,c\n1,2\n4,5,6\n', records: 1, malformed: ['1,2'] },
    { name: 'too many fields', text: 'a,b,c\n1,2,3,4\n4,5,6\n', records: 1, malformed: ['1,2,3,4'] },
    {
      name: 'a quote that never closes, later lines unquoted',
      text: 'a,b,c\n1,"open,3\n4,5,6\n7,8,9\n',
      records: 2,
      malformed: ['1,"open,3'],
    },
    {
      name: 'a quote that never closes, a quoted field on the next line',
      text: 'a,b,c\n1,"open,3\n4,"x, y",6\n',
      records: 1,
      malformed: ['1,"open,3'],
    },
    {
      name: 'a quote that never closes at the end',
      text: 'a,b,c\n4,5,6\n1,"open,3',
      records: 1,
      malformed: ['1,"open,3'],
    },
    {
      name: 'text after a closing quote',
      text: 'a,b,c\n1,"x"y,3\n4,5,6\n',
      records: 1,
      malformed: ['1,"x"y,3'],
    },
    { name: 'a quote inside an unquoted field is text', text: 'a,b,c\n1,x"y,3\n', records: 1, malformed: [] },
    { name: 'blank lines are skipped', text: 'a,b,c\n1,2,3\n\n\r\n4,5,6\n', records: 2, malformed: [] },
    { name: 'CRLF line breaks', text: 'a,b,c\r\n1,2,3\r\n4,5\r\n', records: 1, malformed: ['4,5'] },
    { name: 'a header only', text: 'a,b,c\n', records: 0, malformed: [] },
    { name: 'an empty file', text: '', records: 0, malformed: [] },
  ])('$name', ({ text, records, malformed }) => {
    const result = screen(text);
    expect(result.records).toBe(records);
    expect(result.malformed.map((m) => m.raw)).toEqual(malformed);
    expect(result.malformed.map((m) => m.reason)).toEqual(malformed.map(() => null));
  });

  it('hands the engine the file as it is when nothing had to be taken out', () => {
    expect(screen('a,b,c\n1,2,3\n').clean).toBeNull();
  });

  it('hands the engine the header and the whole records only, otherwise', () => {
    expect(screen('a,b,c\n1,"open,3\n4,5,6\n\n7,8\n9,"x\ny",0').clean!.toString()).toBe(
      'a,b,c\n4,5,6\n9,"x\ny",0\n',
    );
  });

  it('gives a file with mixed line endings one kind', () => {
    expect(screen('a,b,c\r\n1,2,3\n4,5,6\r\n').clean!.toString()).toBe('a,b,c\n1,2,3\n4,5,6\n');
  });

  it('matches the header by position, ignoring case and a byte-order mark', () => {
    expect(screenCsv(Buffer.from('\ufeffA,B,C\n1,2,3\n'), COLUMNS, CSV, 'k').records).toBe(1);
    expect(() => screen('a,c,b\n1,2,3\n')).toThrow(CsvHeaderError);
    expect(() => screen('a,b\n1,2\n')).toThrow('s3://b/k.csv: header has no column "c" (expected: a, b, c)');
  });

  it('takes out a record with invalid UTF-8 whole, saying where the byte is', () => {
    const bytes = Buffer.concat([
      Buffer.from('a,b,c\n1,2,3\n4,"x\ny'),
      Buffer.from([0xff]),
      Buffer.from('",6\n7,8,9\n'),
    ]);
    const result = screenCsv(bytes, COLUMNS, CSV, 'k');
    expect(result.records).toBe(2);
    expect(result.malformed).toEqual([
      { raw: '4,"x\ny\ufffd",6', reason: 'malformed: invalid UTF-8 at byte offset 18 (line 4)' },
    ]);
    expect(result.clean!.toString()).toBe('a,b,c\n1,2,3\n7,8,9\n');
  });

  it("says a record is over the engine's 2 MB limit, with its size", () => {
    const long = `1,"${'x'.repeat(2_100_000)}",3`;
    const result = screen(`a,b,c\n${long}\n4,5,6\n`);
    expect(result.records).toBe(1);
    expect(result.malformed).toEqual([
      { raw: long, reason: 'malformed: record exceeds the 2 MB record limit (2,100,006 bytes)' },
    ]);
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    { name: 'ASCII', bytes: [0x61, 0x62], at: -1 },
    {
      name: 'two-, three- and four-byte sequences',
      bytes: [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80],
      at: -1,
    },
    { name: 'a lone continuation byte', bytes: [0x61, 0x80], at: 1 },
    { name: 'a byte that never starts a sequence', bytes: [0x61, 0xff, 0x62], at: 1 },
    { name: 'an overlong two-byte form', bytes: [0xc0, 0xaf], at: 0 },
    { name: 'a UTF-16 surrogate', bytes: [0x61, 0xed, 0xa0, 0x80], at: 1 },
    { name: 'a sequence cut short by the end', bytes: [0x61, 0xe2, 0x82], at: 1 },
    { name: 'a sequence cut short by ASCII', bytes: [0xe2, 0x41, 0x42], at: 0 },
  ])('$name', ({ bytes, at }) => {
    const buf = Buffer.from(bytes);
    expect(firstInvalidUtf8(buf, 0, buf.length)).toBe(at);
  });
});
