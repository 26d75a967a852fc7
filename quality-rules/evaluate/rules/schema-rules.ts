/**
 * Rules on the dataset's columns rather than its rows: ColumnExists, ColumnCount,
 * ColumnNamesMatchPattern. They are decided from `source.columns` alone and need no SQL.
 * The pattern is read as a JavaScript regular expression, close to Glue's Java one.
 */
import { constraintMessage, fail, judge, pass } from '../decisions.js';
import { type LeafBuilder, RulePlanError, stringParameters } from '../leaf-plan.js';
import { numberTest } from '../number-condition.js';

export const columnExists: LeafBuilder = (rule, text, ctx) => {
  const [name] = stringParameters(rule, ctx);
  if (name === undefined) throw new RulePlanError('ColumnExists needs a column name');
  const found = ctx.source.columns.some((c) => c.name.toLowerCase() === name.toLowerCase());
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [],
    // deequ's shape: a 1/0 metric, and its generic message for the 0.
    decide: () => {
      const metrics = { [`Dataset.${name}.ColumnExists`]: found ? 1 : 0 };
      return found ? pass(metrics) : fail(constraintMessage(0), metrics);
    },
  };
};

export const columnCount: LeafBuilder = (rule, text, ctx) => {
  const test = numberTest(ctx, rule.condition, 'ColumnCount');
  const count = ctx.source.columns.length;
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [],
    decide: () => judge(test(count), count, { 'Dataset.*.ColumnCount': count }),
  };
};

export const columnNamesMatchPattern: LeafBuilder = (rule, text, ctx) => {
  const [pattern] = stringParameters(rule, ctx);
  if (pattern === undefined) throw new RulePlanError('ColumnNamesMatchPattern needs a pattern');
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`);
  } catch (e) {
    throw new RulePlanError(
      `the pattern "${pattern}" is not a valid regular expression: ${(e as Error).message}`,
    );
  }
  const names = ctx.source.columns.map((c) => c.name);
  const mismatched = names.filter((n) => !regex.test(n));
  const ratio = names.length === 0 ? 1 : (names.length - mismatched.length) / names.length;
  const metrics = { 'Dataset.*.ColumnNamesPatternMatchRatio': ratio };
  return {
    rule,
    text,
    rowInComposite: false,
    queries: [],
    decide: () =>
      mismatched.length === 0
        ? pass(metrics)
        : fail(`${constraintMessage(ratio)} Columns not matching: ${mismatched.join(', ')}`, metrics),
  };
};
