/**
 * What a step kind says about itself. Each kind is one module (`core/steps/<kind>.ts`) exporting
 * its node type, its factory and a `StepKind`: the JSON Schema of the node, the columns it leaves,
 * its validation and its compilation to plan actions. `STEP_KINDS` (index.ts) holds one per kind,
 * typed `{ [K in StepKindName]: StepKind<…> }`, so a kind missing any of these does not compile.
 */
import { PipelineDefinitionError } from '../errors.js';
import type { DatasetRef } from '../model/dataset.js';
import type { Pipeline } from '../model/pipeline.js';
import type { DqRuleExpr } from '../model/quality.js';
import type { StepSchema } from '../model/schema.js';
import type { Stage } from '../model/stage.js';
import type { PlanAction, PlanColumn, QualityEvaluation } from '../plan/plan-types.js';
import type { DataType } from '../sql/data-type.js';
import type { Select } from '../sql/nodes.js';
import type { Job } from '../tasks/glue-job.js';
import type { JsonSchema } from './json-schema.js';

/** Every step node: frozen data with a `kind` tag. */
export interface StepNode {
  readonly kind: string;
}

/** Reports one problem of a definition: the path below the step, what is wrong, how to fix it. */
export type Report = (path: readonly string[], problem: string, fix: string) => void;

/** What validating a step sees: the job, the declared columns before the step, and a reporter. */
export interface ValidateContext<S extends StepNode = StepNode> {
  readonly pipeline: Pipeline;
  readonly job: Job;
  readonly node: S;
  /** The declared columns before this step. */
  readonly input: StepSchema;
  /** The path of the step (`jobs › <job> › steps[i] (<kind>)`). */
  readonly path: readonly string[];
  readonly report: Report;
  /** The declared output columns of another job of the pipeline. */
  readonly outputOf: (job: Job) => StepSchema;
}

/** What generating a plan needs besides the model: the canonical DQDL text of a rule. */
export interface PlanDeps {
  emitRule(rule: DqRuleExpr): string;
}

/**
 * A view's data columns as the engines hold them. `type` is the physical type: CSV values stay
 * strings until a standardize step converts them, whatever the dataset declares.
 */
export interface ViewState {
  readonly columns: readonly PlanColumn[];
  /** Current column → the input columns its values come from. */
  readonly lineage: ReadonlyMap<string, readonly string[]>;
  /** Input columns whose values a detectPii step treats: kept out of quarantine's source values. */
  readonly piiSources: ReadonlySet<string>;
}

export interface StepContext<S extends StepNode = StepNode> {
  readonly pipeline: Pipeline;
  readonly stage: Stage;
  readonly job: Job;
  readonly node: S;
  /** 1-based: the step reads `step_<index-1>`. */
  readonly index: number;
  readonly input: ViewState;
  /** The declared schema before this step (core/model/schema.ts). */
  readonly declared: StepSchema;
  readonly deps: PlanDeps;
}

/** A step's actions before its view, its view, and after it, as the engines run them. */
export type StepAction = Exclude<PlanAction, { action: 'readInput' | 'readReference' | 'view' }>;

export interface StepOutput {
  /** The query that registers `step_<index>`. */
  readonly select: Select;
  readonly reads: readonly string[];
  readonly state: ViewState;
  /** Actions run before the step's view is registered (PII findings, row rules). */
  readonly before?: readonly StepAction[];
  /** Actions run after it (dataset rules). */
  readonly after?: readonly StepAction[];
  /** The job's quality evaluation, when this step is its quality step. */
  readonly quality?: QualityEvaluation;
}

/**
 * How a step's rows are accounted for in run.json. `preserved`: every input row is written,
 * quarantined or counted a duplicate, so `inputRows = outputRows + quarantinedRows + duplicateRows`.
 * `changed`: the step's kept rows become groups (new rows, with negative `_lakeline_row`); the plan's
 * `accounting` then names the step, and the run counts the rows grouped and the groups quarantined.
 */
export type StepGrain = 'preserved' | 'changed';

/**
 * Another job's processed output a step reads (a reference check's keys, a lookup's columns, a
 * ReferentialIntegrity rule's keys): the plan reads it once per view, with the columns every step
 * of the job reading it names.
 */
export interface StepReference {
  /** The view the engines register it as (`ref_<name>`; `dq_ref_<name>` for quality rules). */
  readonly view: string;
  /** The dataset the plan lists the reference under. */
  readonly dataset: string;
  /** The job writing it. */
  readonly job: Job;
  /** The columns of that job's output the step reads. */
  readonly columns: readonly string[];
}

export interface StepKind<S extends StepNode> {
  readonly kind: S['kind'];
  /** The node's JSON Schema, as the job plan carries it (tests hold it to the TypeScript type). */
  readonly schema: JsonSchema;
  readonly grain: StepGrain;
  /** The declared columns after the step; unknown column references are skipped (validation reports them). */
  readonly columns: (input: StepSchema, node: S) => StepSchema;
  readonly validate: (ctx: ValidateContext<S>) => void;
  /** Datasets the step reads besides the job's input (the job waits for the tasks writing them). */
  readonly reads?: (node: S, pipeline: Pipeline) => readonly DatasetRef[];
  /** Other jobs' outputs the step reads in its SQL (plan references); none when absent. */
  readonly references?: (node: S, pipeline: Pipeline) => readonly StepReference[];
  readonly compile: (ctx: StepContext<S>) => StepOutput;
}

const SNAKE = /^[a-z_][a-z0-9_]*$/;

export const isSnakeCase = (name: string): boolean => SNAKE.test(name);

export function listed(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? '(none)' : all.join(', ');
}

/** Reports `name` when the schema has no such column. */
export function checkColumn(
  schema: StepSchema,
  name: string,
  path: readonly string[],
  where: string,
  report: Report,
): void {
  if (schema.some((c) => c.name === name)) return;
  report(
    path,
    `unknown column "${name}" ${where}`,
    `use one of the columns available there: ${listed(schema.map((c) => c.name))}`,
  );
}

/** Reports a new column's name when it is not snake_case or already names a column of `schema`. */
export function checkNewColumn(
  schema: StepSchema,
  name: string,
  path: readonly string[],
  report: Report,
  clashFix: string,
): void {
  if (!isSnakeCase(name))
    report(path, `"${name}" is not a valid column name`, 'use lower-case letters, digits and _');
  if (schema.some((c) => c.name === name))
    report(path, `column "${name}" already exists at this step`, clashFix);
}

/** A definition the plan cannot express, named by its path as validation names it. */
export function planError(ctx: StepContext, field: readonly string[], problem: string, fix: string): never {
  throw new PipelineDefinitionError(
    ctx.pipeline.name,
    ['jobs', ctx.job.name, `steps[${ctx.index - 1}] (${ctx.node.kind})`, ...field],
    problem,
    fix,
  );
}

export function columnOf(state: ViewState, name: string): PlanColumn {
  const found = state.columns.find((c) => c.name === name);
  // Validation has already checked every column reference; reaching this is a bug, not bad input.
  if (found === undefined)
    throw new Error(
      `column "${name}" is not in the view (columns: ${state.columns.map((c) => c.name).join(', ')})`,
    );
  return found;
}

export function sameType(a: DataType, b: DataType): boolean {
  if (a.kind === 'decimal' && b.kind === 'decimal') return a.precision === b.precision && a.scale === b.scale;
  if (a.kind === 'string' && b.kind === 'string') return a.maxLength === b.maxLength;
  return a.kind === b.kind;
}

export const dataColumnNames = (state: ViewState): string[] => state.columns.map((c) => c.name);
