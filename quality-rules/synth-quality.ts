/**
 * Pipeline → one DQDL ruleset file (`artifactLayout.rulesets`) per `quality` step: the row-level
 * rules first, then the dataset-level gates, in one ruleset, with a header comment saying which is
 * which. The split itself travels in the job plan; the header is for the reader of the file.
 */
import {
  type Artifact,
  artifactLayout,
  type DqRuleset,
  dq,
  type Job,
  type Pipeline,
  PipelineDefinitionError,
  type Quality,
  type Stage,
  textArtifact,
} from '../core/index.js';
import { emitRuleset } from './emit.js';

const range = (from: number, count: number): string =>
  count === 1 ? `rule ${from}` : `rules ${from}-${from + count - 1}`;

function header(job: Job, step: Quality): string[] {
  const rows = step.rowRules.length;
  const gates = step.datasetRules.length;
  const lines = [
    `Glue Data Quality ruleset "${step.ruleset}" of job ${job.name} (dataset ${job.input.name}).`,
  ];
  if (rows > 0) lines.push(`Row-level: ${range(1, rows)}; a row failing any of them is quarantined.`);
  if (gates > 0) {
    lines.push(
      `Dataset-level gates: ${range(rows + 1, gates)}; checked on the rows that passed, any failure fails the job.`,
    );
  }
  return lines;
}

/** The ruleset a quality step evaluates, as the AST its ruleset file holds. */
export function stepRuleset(job: Job, step: Quality): DqRuleset {
  return dq.ruleset([...step.rowRules, ...step.datasetRules], [], { header: header(job, step) });
}

export function synthQuality(pipeline: Pipeline, _stage: Stage): Artifact[] {
  const owners = new Map<string, string>();
  const artifacts: Artifact[] = [];
  for (const job of pipeline.jobs) {
    job.steps.forEach((step, i) => {
      if (step.kind !== 'quality') return;
      const owner = owners.get(step.ruleset);
      if (owner !== undefined) {
        throw new PipelineDefinitionError(
          pipeline.name,
          ['jobs', job.name, `steps[${i}]`, 'ruleset'],
          `the ruleset name "${step.ruleset}" is already used by job ${owner}`,
          'give every quality step its own ruleset name',
        );
      }
      owners.set(step.ruleset, job.name);
      artifacts.push(
        textArtifact(artifactLayout.rulesets.path(step.ruleset), emitRuleset(stepRuleset(job, step))),
      );
    });
  }
  return artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
