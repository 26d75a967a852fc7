/**
 * A DQDL condition on one number (a metric: RowCount, Mean, a compliance ratio under `with
 * threshold`), turned into a test at plan time so a bad operand is reported before any SQL runs.
 * `between` excludes both ends; `not between` therefore includes them.
 */
import type { DqComparator, DqCondition } from '../../core/index.js';
import { type PlanContext, RulePlanError } from './leaf-plan.js';
import { numberOperand, resolveList } from './operands.js';

export type NumberTest = (value: number) => boolean;

export const COMPARATORS: Readonly<Record<DqComparator, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

export function numberTest(ctx: PlanContext, condition: DqCondition | undefined, what: string): NumberTest {
  if (condition === undefined) throw new RulePlanError(`${what} needs a condition`);
  switch (condition.kind) {
    case 'compare': {
      const bound = numberOperand(ctx, condition.value);
      const compare = COMPARATORS[condition.op];
      return (v) => compare(v, bound);
    }
    case 'between': {
      const low = numberOperand(ctx, condition.low);
      const high = numberOperand(ctx, condition.high);
      return condition.negated ? (v) => v <= low || v >= high : (v) => v > low && v < high;
    }
    case 'in': {
      const values = resolveList(ctx, condition.values).map((o) => {
        if (o.kind !== 'number')
          throw new RulePlanError(`${what} compares numbers; the list holds ${o.kind}`);
        return o.value;
      });
      return condition.negated ? (v) => !values.includes(v) : (v) => values.includes(v);
    }
    case 'matches':
      throw new RulePlanError(`${what} is a number; "matches" compares text`);
  }
}
