/**
 * A pipeline definition that cannot be synthesized. The message names the pipeline, the path to
 * the field at fault (pipeline › jobs › enrollments › steps[2] › keys[0]), what is wrong, and how
 * to fix it.
 */
export class PipelineDefinitionError extends Error {
  override readonly name = 'PipelineDefinitionError';
  constructor(
    readonly pipeline: string,
    readonly path: readonly string[],
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${[pipeline, ...path].join(' › ')}: ${problem}\n  fix: ${fix}`);
  }
}

/** Several definition errors found in one pass, so a user fixes them all at once. */
export class PipelineValidationError extends Error {
  override readonly name = 'PipelineValidationError';
  constructor(readonly errors: readonly PipelineDefinitionError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}
