/** What a step compiler receives and returns. */
import {
  type DataType,
  type DqRuleExpr,
  type Job,
  type Pipeline,
  PipelineDefinitionError,
  type Select,
  type Stage,
  type StepSchema,
  type Transform,
  type TransformKind,
} from '../../core/index.js';
import type { PiiFindings, PlanColumn, QualityEvaluation } from './job-plan-types.js';

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

export interface StepContext<T extends Transform = Transform> {
  readonly pipeline: Pipeline;
  readonly stage: Stage;
  readonly job: Job;
  readonly node: T;
  /** 1-based: the step reads `step_<index-1>`. */
  readonly index: number;
  readonly input: ViewState;
  /** The declared schema before this step (core/model/schema.ts). */
  readonly declared: StepSchema;
  readonly deps: PlanDeps;
}

export interface StepOutput {
  readonly select: Select;
  readonly reads: readonly string[];
  readonly state: ViewState;
  readonly findings?: Omit<PiiFindings, 'sql'> & { readonly query: Select };
  readonly quality?: Omit<QualityEvaluation, 'rowInput' | 'datasetInput'> & {
    readonly rowInput: Select;
    readonly datasetInput: Select;
  };
}

export type StepCompiler<K extends TransformKind> = (
  ctx: StepContext<Extract<Transform, { kind: K }>>,
) => StepOutput;

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
