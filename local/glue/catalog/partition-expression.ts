/**
 * GetPartitions' `Expression`, in the subset the local catalog reads: conditions
 * `key = 'value'` (or `key = 123`) joined by AND, on partition keys. Anything else is refused with
 * InvalidInputException rather than answered wrongly.
 */
import type { Column, Partition } from './catalog-types.js';
import { glueError } from './glue-error.js';

const CONDITION =
  /^\s*(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*))\s*=\s*(?:'((?:[^']|'')*)'|(-?[0-9]+(?:\.[0-9]+)?))\s*$/;

export function partitionFilter(
  expression: string | undefined,
  keys: readonly Column[],
): (partition: Partition) => boolean {
  if (expression === undefined || expression.trim() === '') return () => true;
  const conditions = expression.split(/\s+AND\s+/i).map((text) => {
    const m = CONDITION.exec(text);
    if (m === null) {
      throw glueError(
        'InvalidInputException',
        `the local catalog reads partition expressions of the form key = 'value' [AND …], not: ${text.trim()}`,
      );
    }
    const key = (m[1] ?? m[2]!).toLowerCase();
    const index = keys.findIndex((k) => k.Name === key);
    if (index < 0) throw glueError('InvalidInputException', `${key} is not a partition key`);
    return { index, value: m[3] === undefined ? m[4]! : m[3].replaceAll("''", "'") };
  });
  return (partition) => conditions.every((c) => partition.Values[c.index] === c.value);
}
