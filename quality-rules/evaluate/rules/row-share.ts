/**
 * A dataset-level rule on the share of the rows that something matched (ReferentialIntegrity, the
 * row-selecting CustomSql), decided as deequ's comparisons decide it: the ratio against the
 * condition, their message (ending with a full stop), and a message of their own for no rows.
 */
import type { DqRule, Select } from '../../../core/index.js';
import { comparisonMessage, fail, pass } from '../decisions.js';
import type { LeafPlan } from '../leaf-plan.js';
import type { NumberTest } from '../number-condition.js';

export interface RowShare {
  readonly rule: DqRule;
  readonly text: string;
  /** The query's name; it returns `<name>_matched` and `<name>_rows`. */
  readonly name: string;
  readonly query: Select;
  readonly metric: string;
  readonly test: NumberTest;
  /** The message when there is no row. */
  readonly empty: string;
}

export const rowShare = ({ rule, text, name, query, metric, test, empty }: RowShare): LeafPlan => ({
  rule,
  text,
  rowInComposite: false,
  queries: [{ name, query }],
  decide: (values) => {
    const rows = values.num(`${name}_rows`) ?? 0;
    if (rows === 0) return fail(empty, {});
    const ratio = (values.num(`${name}_matched`) ?? 0) / rows;
    const metrics = { [metric]: ratio };
    return test(ratio) ? pass(metrics) : fail(comparisonMessage(ratio), metrics);
  },
});
