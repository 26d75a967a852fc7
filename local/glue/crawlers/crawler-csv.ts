/**
 * CSV inference as Glue's CSV classifiers do it: the header (declared by the classifier, or
 * guessed by the built-in heuristics), then each column's type from every value of the file's
 * sample (its first 1,000 records or first megabyte, see crawler-sample.ts): the first type of
 * the ladder boolean → bigint → double that all non-empty values read as, else string. Dates and
 * timestamps stay strings unless the classifier enables them as custom datatypes, as on Glue.
 */

import { type CsvDialect, type CsvRecord, parseCsvText } from './crawler-csv-parser.js';
import type { FileSchema, SerdeChoice } from './crawler-file-schema.js';
import { type HivePrimitive, primitive } from './crawler-hive-type.js';
import { estimateRecords, readSample, SAMPLE_RECORDS } from './crawler-sample.js';
import type { CsvClassifierInput, CsvHeaderOption } from './crawler-types.js';

interface Rung {
  readonly type: HivePrimitive;
  readonly accepts: (value: string) => boolean;
}

const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const TIMESTAMP = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?$/;

const integerWithin = (bits: number) => {
  const max = 2n ** BigInt(bits - 1);
  return (value: string) => {
    if (!INTEGER.test(value)) return false;
    const n = BigInt(value);
    return n >= -max && n < max;
  };
};

const validDate = (m: RegExpExecArray | null): boolean => {
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
};

const RUNGS: Readonly<Record<string, Rung>> = {
  BOOLEAN: { type: 'boolean', accepts: (v) => /^(?:true|false)$/i.test(v) },
  SHORT: { type: 'smallint', accepts: integerWithin(16) },
  INT: { type: 'int', accepts: integerWithin(32) },
  LONG: { type: 'bigint', accepts: integerWithin(64) },
  DOUBLE: { type: 'double', accepts: (v) => DECIMAL.test(v) },
  FLOAT: { type: 'float', accepts: (v) => DECIMAL.test(v) },
  DATE: { type: 'date', accepts: (v) => validDate(DATE.exec(v)) },
  TIMESTAMP: { type: 'timestamp', accepts: (v) => validDate(TIMESTAMP.exec(v)) },
};

/** The custom datatypes the local classifier can detect, in the order it tries them. */
export const CUSTOM_DATATYPES = [
  'BOOLEAN',
  'SHORT',
  'INT',
  'LONG',
  'DOUBLE',
  'FLOAT',
  'DATE',
  'TIMESTAMP',
  'STRING',
];

/** Glue's built-in ladder; a classifier with CustomDatatypeConfigured tries its own list instead. */
function ladder(classifier: CsvReadOptions['classifier']): readonly Rung[] {
  if (classifier?.CustomDatatypeConfigured !== true) return [RUNGS.BOOLEAN!, RUNGS.LONG!, RUNGS.DOUBLE!];
  const wanted = new Set((classifier.CustomDatatypes ?? []).map((t) => t.toUpperCase()));
  return CUSTOM_DATATYPES.filter((t) => wanted.has(t) && RUNGS[t] !== undefined).map((t) => RUNGS[t]!);
}

/** Which rungs every non-empty value of a column has read as so far. */
class ColumnEvidence {
  private readonly possible: boolean[];
  private remaining: number;
  values = 0;
  constructor(private readonly rungs: readonly Rung[]) {
    this.possible = rungs.map(() => true);
    this.remaining = rungs.length;
  }
  observe(value: string): void {
    if (value === '') return;
    this.values++;
    if (this.remaining === 0) return;
    for (let i = 0; i < this.rungs.length; i++) {
      if (this.possible[i] && !this.rungs[i]!.accepts(value)) {
        this.possible[i] = false;
        this.remaining--;
      }
    }
  }
  type(): HivePrimitive {
    if (this.values === 0) return 'string';
    const index = this.possible.indexOf(true);
    return index < 0 ? 'string' : this.rungs[index]!.type;
  }
}

export interface CsvReadOptions {
  readonly dialect: CsvDialect;
  /** The custom classifier, when one claimed the file; the built-in classifier otherwise. */
  readonly classifier?: CsvClassifierInput;
}

const hasControlCharacter = (v: string): boolean => [...v].some((c) => c.charCodeAt(0) < 0x20);

/** Glue's header heuristics: every field a short string, and the data rows not all strings. */
function looksLikeHeader(
  first: readonly string[],
  evidence: readonly ColumnEvidence[],
  rungs: readonly Rung[],
) {
  const isText = (v: string) => !rungs.some((r) => r.accepts(v));
  const fieldsOk = first.every(
    (v, i) =>
      (i === first.length - 1 && v === '') ||
      (v !== '' && v.length < 150 && isText(v) && !hasControlCharacter(v)),
  );
  return fieldsOk && evidence.some((e) => e.type() !== 'string');
}

/** Column names as Glue writes them: trimmed, lowercased, unique; `col<n>` where there is none. */
export function columnNames(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((value, i) => {
    const base = value.trim().toLowerCase() || `col${i}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  });
}

export async function inferCsv(
  path: string,
  options: CsvReadOptions,
  signal?: AbortSignal,
): Promise<FileSchema> {
  const classifier = options.classifier;
  const trim = classifier?.DisableValueTrimming !== true;
  const rungs = ladder(classifier);
  const containsHeader: CsvHeaderOption = classifier?.ContainsHeader ?? 'UNKNOWN';
  const sample = await readSample(path, 2, signal);
  const parsed = parseCsvText(sample.text, options.dialect, sample.complete);
  const [firstRecord, ...rest] = parsed;
  if (firstRecord === undefined)
    return { format: { kind: 'unknown' }, columns: [], records: 0, malformed: 0 };
  const first = firstRecord.fields;
  const sampled: readonly CsvRecord[] = rest.slice(0, SAMPLE_RECORDS);
  const evidence = first.map(() => new ColumnEvidence(rungs));
  let malformed = 0;
  const observe = (fields: readonly string[]) =>
    fields.forEach((v, i) => evidence[i]!.observe(trim ? v.trim() : v));
  for (const record of sampled) {
    if (record.fields.length !== first.length) malformed++;
    else observe(record.fields);
  }
  const quoted = firstRecord.quoted || sampled.some((r) => r.quoted);

  const header =
    containsHeader === 'PRESENT' ||
    (containsHeader === 'UNKNOWN' &&
      classifier?.Header === undefined &&
      looksLikeHeader(first, evidence, rungs));
  if (!header) observe(first);
  // The count takes in every whole record read, the ones past the sample too.
  const records = rest.filter((r) => r.fields.length === first.length).length + (header ? 0 : 1);
  const names = columnNames(
    classifier?.Header !== undefined
      ? first.map((_, i) => classifier.Header?.[i] ?? '')
      : header
        ? first
        : first.map((_, i) => `col${i}`),
  );
  const serde: SerdeChoice =
    classifier?.Serde === 'OpenCSVSerDe' || classifier?.Serde === 'LazySimpleSerDe'
      ? classifier.Serde
      : quoted
        ? 'OpenCSVSerDe'
        : 'LazySimpleSerDe';
  return {
    format: {
      kind: 'csv',
      delimiter: options.dialect.delimiter,
      quote: options.dialect.quote,
      header,
      serde,
    },
    columns: names.map((name, i) => ({ name, type: primitive(evidence[i]!.type()) })),
    records: estimateRecords(sample, {
      records,
      start: header ? firstRecord.end : 0,
      end: rest.at(-1)?.end ?? firstRecord.end,
      all: sample.complete,
    }),
    malformed,
  };
}
