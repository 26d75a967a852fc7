/**
 * A CSV record reader, fed text in chunks, with the classifier's delimiter and quote (RFC 4180: a
 * quote inside a quoted field is doubled; records end at LF or CRLF outside quotes). It is lenient
 * where files are broken, as a crawler must be: a stray quote inside an unquoted field is text,
 * text after a closing quote joins the field, and an unbalanced quote runs on to the next quote,
 * which yields a record of the wrong width that inference leaves out.
 */
export interface CsvDialect {
  readonly delimiter: string;
  readonly quote: string;
}

export interface CsvRecord {
  readonly fields: readonly string[];
  /** Whether any field of the record was quoted. */
  readonly quoted: boolean;
  /** Where the record ends: the offset, in characters of all the text pushed, just past its line break. */
  readonly end: number;
}

type ParserState = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

export class CsvParser {
  private state: ParserState = 'fieldStart';
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  private started = false;
  /** Characters pushed before the current chunk. */
  private base = 0;

  constructor(
    private readonly dialect: CsvDialect,
    private readonly onRecord: (record: CsvRecord) => void,
  ) {}

  push(chunk: string): void {
    let text = chunk;
    let base = this.base;
    this.base += chunk.length;
    if (!this.started) {
      this.started = true;
      if (text.startsWith('\uFEFF')) {
        text = text.slice(1);
        base++;
      }
    }
    this.scan(text, base);
  }

  private scan(text: string, base: number): void {
    const { delimiter, quote } = this.dialect;
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.state === 'quoted') {
        // Copy up to the next quote in one slice.
        const j = text.indexOf(quote, i);
        if (j < 0) {
          this.field += text.slice(i);
          return;
        }
        this.field += text.slice(i, j);
        this.state = 'quoteInQuoted';
        i = j + 1;
        continue;
      }
      const c = text[i]!;
      if (this.state === 'quoteInQuoted' && c === quote) {
        this.field += c;
        this.state = 'quoted';
        i++;
        continue;
      }
      if (this.state === 'fieldStart' && c === quote) {
        this.state = 'quoted';
        this.quoted = true;
        i++;
        continue;
      }
      if (c === delimiter) {
        this.fields.push(this.field);
        this.field = '';
        this.state = 'fieldStart';
        i++;
      } else if (c === '\n') {
        this.endRecord(base + i + 1);
        i++;
      } else if (c === '\r') {
        i++;
      } else {
        // Copy a run of ordinary characters in one slice.
        let j = i + 1;
        while (j < n) {
          const d = text[j];
          if (d === delimiter || d === '\n' || d === '\r') break;
          j++;
        }
        this.field += text.slice(i, j);
        this.state = 'unquoted';
        i = j;
      }
    }
  }

  /** Ends the input: a last record without a line break is still a record. */
  end(): void {
    if (this.state !== 'fieldStart' || this.fields.length > 0) this.endRecord(this.base);
  }

  private endRecord(end: number): void {
    this.fields.push(this.field);
    const record = { fields: this.fields, quoted: this.quoted, end };
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.state = 'fieldStart';
    // A blank line is no record.
    if (record.fields.length > 1 || record.fields[0] !== '' || record.quoted) this.onRecord(record);
  }
}

/** Parses a piece of text whole: a file's head when classifying it, its sample when inferring its schema. */
export function parseCsvText(text: string, dialect: CsvDialect, complete: boolean): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvParser(dialect, (r) => records.push(r));
  parser.push(text);
  if (complete) parser.end();
  return records;
}
