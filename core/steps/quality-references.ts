/**
 * The other datasets a quality step's rules compare with: `ReferentialIntegrity` names a reference
 * by alias, the name of another job's output. Glue is given each as an additional data source
 * under that alias; the plan reads it into a view (`dq_ref_<alias>`) with the key columns the
 * rules read, and the dataset rules are evaluated with those views beside the kept rows.
 */
import type { Pipeline } from '../model/pipeline.js';
import { type DqRule, type DqRuleExpr, leafRules, referentialIntegrityParts } from '../model/quality.js';
import type { SchemaColumn } from '../model/schema.js';
import { isNumericType } from '../sql/data-type.js';
import type { Job } from '../tasks/glue-job.js';
import type { Quality } from './quality.js';
import { checkColumn, listed, type StepReference, type ValidateContext } from './step-kind.js';

export const qualityReferenceView = (alias: string): string => `dq_ref_${alias}`;

/** The job of the pipeline writing the dataset a rule names by `alias`. */
const writerOf = (pipeline: Pipeline, alias: string): Job | undefined =>
  pipeline.jobs.find((j) => j.output.name === alias);

const ruleGroups = (node: Quality) =>
  [
    ['rowRules', node.rowRules],
    ['datasetRules', node.datasetRules],
  ] as const;

/** The reference datasets of the step's rules, one per alias, with the key columns read of each. */
export function qualityReferences(node: Quality, pipeline: Pipeline): StepReference[] {
  const byAlias = new Map<string, StepReference>();
  for (const rule of [...node.rowRules, ...node.datasetRules].flatMap(leafRules)) {
    const parts = referentialIntegrityParts(rule);
    const job = parts === null ? undefined : writerOf(pipeline, parts.alias);
    if (parts === null || job === undefined) continue;
    const seen = byAlias.get(parts.alias);
    byAlias.set(parts.alias, {
      dataset: parts.alias,
      view: qualityReferenceView(parts.alias),
      job,
      columns: [...new Set([...(seen?.columns ?? []), ...parts.keys])],
    });
  }
  return [...byAlias.values()];
}

/** The aliases the dataset rules name, with the views the plan reads them into. */
export function datasetRuleAliases(rules: readonly DqRuleExpr[]): { alias: string; view: string }[] {
  const aliases = rules
    .flatMap(leafRules)
    .map((r) => referentialIntegrityParts(r)?.alias)
    .filter((a): a is string => a !== undefined);
  return [...new Set(aliases)].map((alias) => ({ alias, view: qualityReferenceView(alias) }));
}

/** Types a value join can compare: the same kind, or two numbers. */
const comparable = (a: SchemaColumn, b: SchemaColumn): boolean =>
  a.type.kind === b.type.kind || (isNumericType(a.type) && isNumericType(b.type));

function validateRule(ctx: ValidateContext<Quality>, rule: DqRule, path: readonly string[]): void {
  const { pipeline, job, input, report, outputOf } = ctx;
  const parts = referentialIntegrityParts(rule);
  if (parts === null) {
    report(
      path,
      'the reference of a ReferentialIntegrity rule is not of the form "<dataset>.<column>" or "<dataset>.{<column>,…}"',
      'build the rule with dq.referentialIntegrity(columns, dataset, keys)',
    );
    return;
  }
  if (parts.columns.length !== parts.keys.length) {
    report(
      path,
      `ReferentialIntegrity compares ${parts.columns.length} column(s) with ${parts.keys.length} of "${parts.alias}"`,
      'name as many reference columns as columns, in matching order',
    );
    return;
  }
  const target = writerOf(pipeline, parts.alias);
  if (target === undefined) {
    report(
      path,
      `no job of the pipeline writes a dataset named "${parts.alias}"`,
      `name the output of another job: ${listed(pipeline.jobs.filter((j) => j !== job).map((j) => j.output.name))}`,
    );
    return;
  }
  if (target === job) {
    report(
      path,
      'a job cannot check referential integrity against its own output',
      "reference another job's output",
    );
    return;
  }
  const reference = outputOf(target);
  parts.keys.forEach((key, i) => {
    checkColumn(reference, key, path, `in the output of job ${target.name}`, report);
    const here = input.find((c) => c.name === parts.columns[i]);
    const there = reference.find((c) => c.name === key);
    if (here !== undefined && there !== undefined && !comparable(here, there)) {
      report(
        path,
        `column "${here.name}" is ${here.type.kind} here but "${key}" is ${there.type.kind} in the output of job ${target.name}`,
        'give both the same type (standardize or derive)',
      );
    }
  });
}

/**
 * ReferentialIntegrity rules: dataset rules only (Glue gives no row-level outcome for them), each
 * naming another job's output and columns it declares, of types a join compares.
 */
export function validateReferences(ctx: ValidateContext<Quality>): void {
  for (const [group, rules] of ruleGroups(ctx.node)) {
    rules.forEach((expr, i) => {
      const path = [...ctx.path, `${group}[${i}]`];
      for (const rule of leafRules(expr)) {
        if (rule.ruleType !== 'ReferentialIntegrity') continue;
        if (group === 'rowRules') {
          ctx.report(
            path,
            'ReferentialIntegrity is judged on the whole dataset: Glue gives it no outcome per row, so it cannot quarantine rows',
            'move it to datasetRules (or quarantine orphan rows with a referenceCheck step)',
          );
          continue;
        }
        validateRule(ctx, rule, path);
      }
    });
  }
}
