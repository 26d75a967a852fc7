/**
 * After the last step: which rows are written, which are quarantined (with why, and the input
 * values that explain it), and the counts of the run summary. Every input row lands in exactly
 * one of kept, quarantined and duplicate.
 */
import {
  branch,
  type Expr,
  isKept,
  isRejected,
  type Join,
  leftJoin,
  PII_PATTERNS,
  PII_TEXT_ORDER,
  PLAN_COLUMNS,
  passColumn,
  passColumns,
  type Select,
  type SelectItem,
  selectFrom,
  sql,
  stepView,
  t,
} from '../../core/index.js';

/** What replaces personal data found in the raw text of a malformed line. */
export const RAW_REDACTION = '*******';

export const sourceAlias = (column: string): string => `_lakeline_source_${column}`;

export interface SplitQueries {
  readonly kept: Select;
  readonly rejected: Select;
  readonly counts: Select;
}

export function splitQueries(spec: {
  readonly lastView: string;
  readonly outputColumns: readonly string[];
  /** Input columns whose values may be shown beside a rejected row (no personal data). */
  readonly sourceColumns: readonly string[];
  /** The `dq_<i>` view of the quality step, if it has row rules. */
  readonly outcomesView: string | null;
  /** The first grain-changing step (`plan.accounting`), or NULL for a row-preserving plan. */
  readonly grainStep: number | null;
}): SplitQueries {
  const C = PLAN_COLUMNS;
  const { lastView, outputColumns, sourceColumns, outcomesView, grainStep } = spec;

  const joins: Join[] = [];
  if (sourceColumns.length > 0) {
    joins.push(
      leftJoin(sql.fromTable(sql.table('input'), 'i'), sql.eq(sql.col(C.row, 'i'), sql.col(C.row, 's'))),
    );
  }
  const items: SelectItem[] = [
    ...passColumns(outputColumns, 's'),
    ...sourceColumns.map((c) => sql.item(sql.col(c, 'i'), sourceAlias(c))),
    passColumn(C.reasons, 's'),
  ];
  if (outcomesView !== null) {
    joins.push(
      leftJoin(sql.fromTable(sql.table(outcomesView), 'd'), sql.eq(sql.col(C.row, 'd'), sql.col(C.row, 's'))),
    );
    items.push(passColumn(C.failedRules, 'd'));
  }
  // A line that could not be parsed never met the PII step, so its text is scanned here for every
  // entity before it is written to quarantine: no personal data leaves the job unredacted.
  const rawRedacted = PII_TEXT_ORDER.reduce<Expr>(
    (text, entity) => sql.call('regexp_replace', text, sql.lit(PII_PATTERNS[entity]), sql.lit(RAW_REDACTION)),
    sql.col(C.raw, 's'),
  );
  items.push(sql.item(rawRedacted, C.raw));
  const rejected = sql.select({
    items,
    from: sql.fromTable(sql.table(lastView), 's'),
    joins,
    where: isRejected('s'),
  });

  const countWhen = (condition: Expr) =>
    sql.cast(
      sql.call(
        'coalesce',
        sql.call('sum', sql.caseWhen([branch(condition, sql.lit(1))], sql.lit(0))),
        sql.lit(0),
      ),
      t.bigint(),
    );
  // The rows read are those of step_0: after a grain change the last view holds groups instead.
  const countOf = (view: string, item: SelectItem): Expr => sql.subquery(selectFrom(view, [item]));
  const fates = selectFrom(lastView, [
    sql.item(countWhen(isKept()), 'output_rows'),
    sql.item(countWhen(isRejected()), 'quarantined_rows'),
    sql.item(countWhen(sql.col(C.duplicate)), 'duplicate_rows'),
    ...(grainStep === null
      ? []
      : [
          sql.item(
            countWhen(sql.and(isRejected(), sql.binary('<', sql.col(C.row), sql.lit(0)))),
            'quarantined_groups',
          ),
        ]),
  ]);
  const counts = sql.select({
    items: [
      sql.item(
        countOf(stepView(0), sql.item(sql.cast(sql.call('count', sql.star()), t.bigint()))),
        'input_rows',
      ),
      ...passColumns(['output_rows', 'quarantined_rows', 'duplicate_rows'], 'c'),
      ...(grainStep === null
        ? []
        : [
            sql.item(countOf(stepView(grainStep - 1), sql.item(countWhen(isKept()))), 'grouped_rows'),
            passColumn('quarantined_groups', 'c'),
          ]),
    ],
    from: sql.fromQuery(fates, 'c'),
  });

  return { kept: selectFrom(lastView, passColumns(outputColumns), isKept()), rejected, counts };
}
