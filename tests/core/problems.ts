/** The messages definePipeline reports for a definition, or none when it is valid. */
import { definePipeline, type PipelineSpec, PipelineValidationError } from '../../core/index.js';

export function problems(spec: PipelineSpec): string[] {
  try {
    definePipeline(spec);
  } catch (error) {
    if (error instanceof PipelineValidationError) return error.errors.map((e) => e.message);
    throw error;
  }
  return [];
}
