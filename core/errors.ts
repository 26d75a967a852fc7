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

/** How much of a piece of data an error message quotes. */
export const MESSAGE_EXCERPT_CHARS = 200;

/**
 * A piece of data as an error message quotes it: at most `max` characters, then how long the whole
 * was, so that a message never carries a whole file (a JSON document read as a CSV header, a huge
 * record) into logs, run.json and notifications.
 */
export function excerpt(text: string, max = MESSAGE_EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  const bytes = new TextEncoder().encode(text).length;
  return `${text.slice(0, max)}… (${bytes.toLocaleString('en-US')} bytes)`;
}
