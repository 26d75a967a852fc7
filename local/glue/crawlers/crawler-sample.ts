/**
 * How much of a CSV or JSON file a crawler reads to infer its schema. AWS documents it: the first
 * 1,000 records or the first megabyte of the file, whichever comes first; a file with no whole record
 * in its first megabyte is read on a megabyte at a time, up to 10 MB. So a column whose first
 * non-numeric value lies past the sample is typed from the sample, locally as on Glue.
 *
 * The table's `recordCount` comes from the sample too: exact when the sample is the whole file,
 * otherwise the sample's records per byte scaled to the file's size (an estimate, as Glue's own
 * count of a large CSV file is).
 */
import { open } from 'node:fs/promises';

/** Records read past the first (which may be a header). */
export const SAMPLE_RECORDS = 1000;
export const SAMPLE_BYTES = 1024 * 1024;
export const MAX_SAMPLE_BYTES = 10 * SAMPLE_BYTES;

export interface FileSample {
  /** The text read, decoded; its last line may be cut. */
  readonly text: string;
  /** Whether `text` is the whole file. */
  readonly complete: boolean;
  /** The file's size in bytes. */
  readonly size: number;
}

const lineBreaks = (text: string): number => {
  let found = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) found++;
  return found;
};

/**
 * The file's first megabyte, or more when it holds fewer than `lines` line breaks (a record cut at the
 * megabyte is no record), up to 10 MB; the whole file when it is smaller.
 */
export async function readSample(path: string, lines: number, signal?: AbortSignal): Promise<FileSample> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const decoder = new TextDecoder('utf-8');
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    let text = '';
    let read = 0;
    let found = 0;
    while (read < size && read < MAX_SAMPLE_BYTES && found < lines) {
      signal?.throwIfAborted();
      const { bytesRead } = await file.read(buffer, 0, SAMPLE_BYTES, read);
      if (bytesRead === 0) break;
      read += bytesRead;
      const chunk = decoder.decode(buffer.subarray(0, bytesRead), { stream: read < size });
      found += lineBreaks(chunk);
      text += chunk;
    }
    return { text, complete: read >= size, size };
  } finally {
    await file.close();
  }
}

/** The records a sample read and the characters of its text they span (past any header). */
export interface SampledRecords {
  readonly records: number;
  readonly start: number;
  readonly end: number;
  /** Whether they are every record of the file. */
  readonly all: boolean;
}

/**
 * The file's record count from a sample of it: the records read when they are all the file holds,
 * else their rate over the bytes they span scaled to the rest of the file.
 */
export function estimateRecords(sample: FileSample, span: SampledRecords): number {
  const { records } = span;
  if (span.all || records === 0) return records;
  const bytes = (chars: number) => Buffer.byteLength(sample.text.slice(0, chars));
  const start = bytes(span.start);
  const sampled = bytes(span.end) - start;
  return sampled <= 0 ? records : Math.round((records * (sample.size - start)) / sampled);
}
