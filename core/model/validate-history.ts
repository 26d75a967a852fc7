/**
 * The checks on SCD Type 2 dimensions and on the fact lookups that read them: what the history
 * compares exists and has the right type, and its own columns clash with nothing declared.
 */
import { describeType } from '../sql/data-type.js';
import { checkColumn, listed, type Report } from '../steps/index.js';
import { historyColumnNames } from './history.js';
import type { StepSchema } from './schema.js';
import type { Dimension, ForeignKey } from './warehouse.js';

const TIME_KINDS = new Set(['timestamp', 'date']);
/** A date or a timestamp literal that both Redshift and PostgreSQL cast to TIMESTAMP alike. */
const OPEN_DATE = /^(\d{4})-(\d{2})-(\d{2})( \d{2}:\d{2}:\d{2})?$/;

function checkTimeColumn(
  schema: StepSchema,
  name: string,
  path: readonly string[],
  where: string,
  report: Report,
): void {
  const column = schema.find((c) => c.name === name);
  if (column === undefined) {
    checkColumn(schema, name, path, where, report);
    return;
  }
  if (!TIME_KINDS.has(column.type.kind)) {
    report(
      path,
      `"${name}" ${where} is a ${describeType(column.type)} column, not a point in time`,
      `use a timestamp or date column: ${listed(schema.filter((c) => TIME_KINDS.has(c.type.kind)).map((c) => c.name))}`,
    );
  }
}

function isValidDate(text: string): boolean {
  const match = OPEN_DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A dimension's history, against the output of the job it loads from (`schema`, when known). */
export function validateHistory(
  d: Dimension,
  schema: StepSchema | undefined,
  base: readonly string[],
  report: Report,
): void {
  const history = d.history;
  if (history === undefined) return;
  const path = [...base, 'history'];
  const declared = [d.surrogateKey, d.naturalKey.name, ...d.columns.map((c) => c.name)];
  for (const name of historyColumnNames(history)) {
    if (declared.includes(name)) {
      report(
        [...base, name],
        `"${name}" is a column SCD Type 2 history adds to the dimension`,
        'rename the declared column',
      );
    }
  }
  if (history.updatedAt !== undefined && schema !== undefined)
    checkTimeColumn(schema, history.updatedAt, [...path, 'updatedAt'], `in ${d.source.name}`, report);
  if (history.strategy === 'check') {
    if (history.columns.length === 0) {
      report(
        [...path, 'columns'],
        'no columns to compare',
        'list the columns whose change makes a new version',
      );
    }
    const loaded = d.columns.map((c) => c.name);
    history.columns.forEach((name, i) => {
      if (loaded.includes(name)) return;
      const inSource = schema?.some((c) => c.name === name) === true;
      report(
        [...path, `columns[${i}]`],
        inSource
          ? `"${name}" is in ${d.source.name} but not loaded into the dimension, so there is nothing to compare it with`
          : `unknown column "${name}" in ${d.name}`,
        inSource ? `add wcol('${name}', …) to the dimension's columns` : `use one of: ${listed(loaded)}`,
      );
    });
  }
  if (history.validToOpen !== null && !isValidDate(history.validToOpen)) {
    report(
      [...path, 'validToOpen'],
      `"${history.validToOpen}" is not a date (YYYY-MM-DD, optionally with HH:MM:SS)`,
      "use null or a far-future date such as '9999-12-31'",
    );
  }
}

/** A fact's lookup of a dimension: point in time for a dimension with history, by key alone otherwise. */
export function validateLookupTime(
  k: ForeignKey,
  dimension: Dimension | undefined,
  schema: StepSchema | undefined,
  path: readonly string[],
  where: string,
  report: Report,
): void {
  if (dimension === undefined) return;
  if (dimension.history === undefined) {
    if (k.at !== undefined) {
      report(
        [...path, 'at'],
        `"${dimension.name}" keeps no history, so there is one version of each row to look up`,
        `drop at, or declare history: scd2(…) on ${dimension.name}`,
      );
    }
    return;
  }
  if (k.at === undefined) {
    report(
      [...path, 'at'],
      `"${dimension.name}" keeps SCD Type 2 history, so the lookup needs the fact's event time`,
      `name the fact's event-time column: fk('${dimension.name}', '${k.source}', '${k.name}', { at: '<column>' })`,
    );
    return;
  }
  if (schema !== undefined) checkTimeColumn(schema, k.at, [...path, 'at'], where, report);
}
