/**
 * Puts an artifact tree into the simulated account the way deploy puts it into AWS: scripts, plans
 * and rulesets uploaded where the job configs and plans point, classifiers, crawlers and jobs
 * created from their CreateX inputs, the topic created. Every location comes from the tree itself.
 */
import { basename } from 'node:path';
import type { ArtifactTree } from '../core/index.js';
import type { LocalGlueCrawlers } from './glue/crawlers/local-glue-crawlers.js';
import type { LocalGlueJobs } from './glue/jobs.js';
import { type LocalS3, parseS3Uri } from './s3/local-s3.js';
import type { LocalSns } from './sns/local-sns.js';

interface JobConfig {
  readonly Name: string;
  readonly Command: { readonly ScriptLocation: string };
  readonly DefaultArguments?: Readonly<Record<string, string>>;
}

export interface PlanSummary {
  readonly job: string;
  readonly glueJobName: string;
  readonly dataset: string;
  readonly rawPath: string;
  readonly runSummary: { readonly bucket: string; readonly key: string };
  readonly placeholder: string;
}

interface PlanFile {
  readonly job: string;
  readonly glueJobName: string;
  readonly input: { readonly dataset: string; readonly path: string };
  readonly runSummary: { readonly bucket: string; readonly key: string };
  readonly runId: { readonly placeholder: string };
  readonly steps: readonly { readonly kind: string; readonly quality?: { readonly dqdlPath: string } }[];
}

function upload(s3: LocalS3, uri: string, body: string): void {
  const { bucket, key } = parseS3Uri(uri);
  s3.put(bucket, key, body);
}

/** What each job plan says about its dataset and where its run summary lands. */
export function planSummaries(tree: ArtifactTree): PlanSummary[] {
  return tree.files('glue/plans/', '.json').map((path) => {
    const plan = tree.json<PlanFile>(path);
    return {
      job: plan.job,
      glueJobName: plan.glueJobName,
      dataset: plan.input.dataset,
      rawPath: plan.input.path,
      runSummary: plan.runSummary,
      placeholder: plan.runId.placeholder,
    };
  });
}

export async function installTree(
  tree: ArtifactTree,
  services: { s3: LocalS3; sns: LocalSns; crawlers: LocalGlueCrawlers; jobs: LocalGlueJobs },
): Promise<void> {
  const { s3, sns, crawlers, jobs } = services;
  s3.createBucket(tree.manifest.bucket);
  for (const path of tree.files('glue/jobs/', '.json')) {
    const config = tree.json<JobConfig>(path);
    const script = `glue/scripts/${basename(config.Command.ScriptLocation)}`;
    if (!tree.has(script)) throw new Error(`${path}: the tree has no ${script} for ScriptLocation`);
    upload(s3, config.Command.ScriptLocation, tree.text(script));
    const planUri = config.DefaultArguments?.['--plan_uri'];
    const planPath = `glue/plans/${basename(path)}`;
    if (planUri === undefined || !tree.has(planPath))
      throw new Error(`${path}: no --plan_uri, or no ${planPath} in the tree`);
    upload(s3, planUri, tree.text(planPath));
    for (const step of tree.json<PlanFile>(planPath).steps) {
      if (step.quality === undefined) continue;
      const ruleset = `quality/${basename(step.quality.dqdlPath)}`;
      if (!tree.has(ruleset)) throw new Error(`${planPath}: the tree has no ${ruleset}`);
      upload(s3, step.quality.dqdlPath, tree.text(ruleset));
    }
    jobs.createJob(config as never);
  }
  for (const path of tree.files('glue/classifiers/', '.json'))
    await crawlers.createClassifier(tree.json(path));
  for (const path of tree.files('glue/crawlers/', '.json')) await crawlers.createCrawler(tree.json(path));
  if (tree.has('sns/topic.json')) sns.createTopic(tree.json<{ Name: string }>('sns/topic.json'));
}
