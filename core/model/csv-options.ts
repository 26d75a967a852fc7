/**
 * How raw CSV is read: by every Glue job (the plan carries these options), by the crawler's
 * classifier, and by `lakeline quality check`, which must read a file as the jobs do. It lives in
 * the model because a generator and the simulator both need the one value.
 */
export interface CsvOptions {
  readonly header: true;
  readonly delimiter: string;
  readonly quote: string;
  /** RFC 4180: a quote inside a quoted field is doubled, so the escape is the quote itself. */
  readonly escape: string;
  /** Quoted fields may hold line breaks. */
  readonly multiLine: true;
  readonly encoding: 'UTF-8';
}

export const CSV_OPTIONS: CsvOptions = Object.freeze({
  header: true,
  delimiter: ',',
  quote: '"',
  escape: '"',
  multiLine: true,
  encoding: 'UTF-8',
});
