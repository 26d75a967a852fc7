/** Everything Glue runs for a pipeline in a stage: crawlers, classifier, jobs, plans, runner, role. */
import {
  type Artifact,
  jsonArtifact,
  type Pipeline,
  type PlanDeps,
  type Stage,
  textArtifact,
} from '../core/index.js';
import { crawlerConfig, crawlsCsv, csvClassifierConfig, csvClassifierName } from './crawler-config.js';
import { glueJobRole } from './glue-job-role.js';
import { jobConfig, RUNNER_SCRIPT } from './job-config.js';
import { jobPlan } from './plan/job-plan.js';
import { runnerSource } from './runner-script.js';

export function synthGlue(pipeline: Pipeline, stage: Stage, deps: PlanDeps): Artifact[] {
  const artifacts: Artifact[] = [];
  if (pipeline.crawlers.some(crawlsCsv)) {
    artifacts.push(
      jsonArtifact(
        `glue/classifiers/${csvClassifierName(pipeline, stage)}.json`,
        csvClassifierConfig(pipeline, stage),
      ),
    );
  }
  for (const crawler of pipeline.crawlers) {
    artifacts.push(
      jsonArtifact(`glue/crawlers/${crawler.name}.json`, crawlerConfig(pipeline, stage, crawler)),
    );
  }
  for (const job of pipeline.jobs) {
    artifacts.push(jsonArtifact(`glue/jobs/${job.name}.json`, jobConfig(pipeline, stage, job)));
    artifacts.push(jsonArtifact(`glue/plans/${job.name}.json`, jobPlan(pipeline, stage, job, deps)));
  }
  artifacts.push(textArtifact(`glue/scripts/${RUNNER_SCRIPT}`, runnerSource()));
  artifacts.push(jsonArtifact('iam/glue-job-role.json', glueJobRole(pipeline, stage)));
  return artifacts;
}
