/** One compiler per transform kind: a new kind fails to build here until it has one. */
import type { TransformKind } from '../../core/index.js';
import { concatStep } from './concat-step.js';
import { deduplicateStep } from './deduplicate-step.js';
import { piiStep } from './pii-step.js';
import { qualityStep } from './quality-step.js';
import { referenceCheckStep } from './reference-check-step.js';
import { standardizeStep } from './standardize-step.js';
import type { StepCompiler, StepContext, StepOutput } from './step-context.js';

const STEP_COMPILERS: { readonly [K in TransformKind]: StepCompiler<K> } = {
  standardize: standardizeStep,
  concat: concatStep,
  detectPii: piiStep,
  deduplicate: deduplicateStep,
  referenceCheck: referenceCheckStep,
  quality: qualityStep,
};

export function compileStep(ctx: StepContext): StepOutput {
  const compiler = STEP_COMPILERS[ctx.node.kind] as (c: StepContext) => StepOutput;
  return compiler(ctx);
}
