/** Everything Glue runs for a pipeline in a stage: crawlers, classifier, jobs, plans, runner, role. */
import {
  type Artifact,
  jsonArtifact,
  artifactLayout as layout,
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
        layout.classifiers.path(csvClassifierName(pipeline, stage)),
        csvClassifierConfig(pipeline, stage),
      ),
    );
  }
  for (const crawler of pipeline.crawlers) {
    artifacts.push(jsonArtifact(layout.crawlers.path(crawler.name), crawlerConfig(pipeline, stage, crawler)));
  }
  for (const job of pipeline.jobs) {
    artifacts.push(jsonArtifact(layout.jobConfigs.path(job.name), jobConfig(pipeline, stage, job)));
    artifacts.push(jsonArtifact(layout.jobPlans.path(job.name), jobPlan(pipeline, stage, job, deps)));
  }
  artifacts.push(textArtifact(layout.glueScripts.path(RUNNER_SCRIPT), runnerSource()));
  artifacts.push(jsonArtifact(layout.glueJobRole, glueJobRole(pipeline, stage)));
  return artifacts;
}
