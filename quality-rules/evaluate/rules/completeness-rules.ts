/**
 * IsComplete and Completeness: the share of non-NULL values among the rows in scope. Both label
 * rows (a NULL row fails); Completeness, whose outcome depends on the share, cannot be evaluated
 * per row inside a composite.
 */
import { sql as s } from '../../../core/index.js';
import { judge, nothingToEvaluate } from '../decisions.js';
import { type LeafBuilder, singleColumn } from '../leaf-plan.js';
import { countWhere, double, tableQuery, whereOf, withinWhere } from '../metric-queries.js';
import { numberTest } from '../number-condition.js';

function completeness(kind: 'IsComplete' | 'Completeness'): LeafBuilder {
  return (rule, text, ctx) => {
    const column = singleColumn(rule, ctx);
    const test =
      kind === 'Completeness' ? numberTest(ctx, rule.condition, 'Completeness') : (v: number) => v === 1;
    const where = whereOf(rule);
    const check = s.isNotNull(s.col(column.name));
    const q = ctx.nextQueryName();
    const items = { rows: double(s.call('count', s.star())), complete: double(countWhere(check)) };
    return {
      rule,
      text,
      row: withinWhere(check, where),
      rowInComposite: kind === 'IsComplete',
      queries: [tableQuery(ctx, q, items, [where])],
      decide: (values) => {
        const rows = values.num(`${q}_rows`);
        const complete = values.num(`${q}_complete`);
        if (rows === null || rows === 0 || complete === null) return nothingToEvaluate(where !== undefined);
        const ratio = complete / rows;
        return judge(test(ratio), ratio, { [`Column.${column.name}.Completeness`]: ratio });
      },
    };
  };
}

export const isComplete = completeness('IsComplete');
export const completenessRule = completeness('Completeness');
