/**
 * The tests beside a dimension with SCD Type 2 history, run by the warehouse at the end of each
 * load, inside its transaction: a load that would leave a broken history fails, with the first
 * violation in its message, and rolls back whole, instead of committing it. The history is broken
 * when a natural key has more than one current version, when two versions of a key overlap in
 * time, or when a version does not end after it begins.
 *
 * The load's own statements never leave such a history (scd2-statements.ts); the checks catch what
 * they cannot rule out: rows written by hand, two loads of one dimension at once, a source with two
 * rows of a key (which opens two current versions), updated_at values later than the load's time
 * that a deletion then closes at it.
 */
import {
  type Dimension,
  type Expr,
  SCD2_COLUMNS,
  type Select,
  type Statement,
  sql as s,
  type TableName,
  t,
} from '../core/index.js';
import { type Star, starTable } from './star.js';

const { validFrom, validTo, isCurrent } = SCD2_COLUMNS;

/** The Redshift procedure the checks call (01-schema.sql creates it for a Redshift target). */
export const assertionProcedure = (star: Star): TableName => s.table('lakeline_assert_empty', star.schema);

const text = (value: Expr): Expr => s.cast(value, t.string());
/** `'a' || b || 'c'`: the description of a violation, per offending row. */
const concat = (...parts: (string | Expr)[]): Expr =>
  parts.map((p) => (typeof p === 'string' ? s.lit(p) : p)).reduce((acc, p) => s.binary('||', acc, p));

/** Keys with more than one current version. */
function currentVersions(d: Dimension, table: TableName): Select {
  const key = s.col(d.naturalKey.name);
  return s.select({
    items: [
      s.violation(concat(text(s.call('count')), ` current versions of ${d.naturalKey.name} `, text(key))),
    ],
    from: s.fromTable(table),
    where: s.col(isCurrent),
    groupBy: [key],
    having: s.binary('>', s.call('count'), s.lit(1)),
  });
}

/**
 * Pairs of versions of a key whose validity overlaps: each begins before the other ends, a NULL
 * `valid_to` being open (a far-future `validToOpen` compares as it is). Each pair once, by
 * surrogate key.
 */
function overlappingVersions(d: Dimension, table: TableName): Select {
  const [a, b] = ['earlier', 'later'];
  const beginsBeforeEnd = (x: string, y: string) =>
    s.or(s.isNull(s.col(validTo, y)), s.binary('<', s.col(validFrom, x), s.col(validTo, y)));
  return s.select({
    items: [
      s.violation(
        concat(
          `overlapping versions of ${d.naturalKey.name} `,
          text(s.col(d.naturalKey.name, a)),
          ', from ',
          text(s.col(validFrom, a)),
          ' and from ',
          text(s.col(validFrom, b)),
        ),
      ),
    ],
    from: s.fromTable(table, a),
    joins: [
      {
        type: 'inner',
        item: s.fromTable(table, b),
        on: s.and(
          s.eq(s.col(d.naturalKey.name, a), s.col(d.naturalKey.name, b)),
          s.binary('<', s.col(d.surrogateKey, a), s.col(d.surrogateKey, b)),
          beginsBeforeEnd(a, b),
          beginsBeforeEnd(b, a),
        ),
      },
    ],
  });
}

/** Versions whose `valid_to` is set and not after their `valid_from`. */
function emptyVersions(d: Dimension, table: TableName): Select {
  return s.select({
    items: [
      s.violation(
        concat(
          `a version of ${d.naturalKey.name} `,
          text(s.col(d.naturalKey.name)),
          ' does not end after it begins, from ',
          text(s.col(validFrom)),
          ' to ',
          text(s.col(validTo)),
        ),
      ),
    ],
    from: s.fromTable(table),
    where: s.and(s.isNotNull(s.col(validTo)), s.binary('>=', s.col(validFrom), s.col(validTo))),
  });
}

/**
 * One statement, the last of the dimension's load: the three checks in one query, so one state of
 * a PostgreSQL target's load (its label, "check the history of …") and one call on Redshift.
 */
export function historyCheck(star: Star, d: Dimension): Statement {
  const target = starTable(star, d.name).table;
  return {
    kind: 'assertEmpty',
    procedure: assertionProcedure(star),
    query: s.unionAll(currentVersions(d, target), overlappingVersions(d, target), emptyVersions(d, target)),
    message: `the history of ${star.schema}.${d.name}`,
  };
}
