/**
 * Puts an artifact tree into the simulated account the way deploy puts it into AWS: scripts, plans
 * and rulesets uploaded where the job configs and plans point (`ArtifactTree.uploads`, as deploy), classifiers, crawlers and jobs
 * created from their CreateX inputs, Lambda functions from their zips, the topic created. Every location comes from the tree itself.
 */
import { type ArtifactTree, artifactLayout as layout } from '../core/index.js';
import type { CreateClassifierInput, CreateCrawlerInput } from './glue/crawlers/index.js';
import type { LocalGlueCrawlers } from './glue/crawlers/local-glue-crawlers.js';
import type { LocalGlueJobs } from './glue/jobs.js';
import type { CreateJobInput } from './glue/jobs-types.js';
import type { CreateFunctionInput, LocalLambda } from './lambda/local-lambda.js';
import { type LocalS3, parseS3Uri } from './s3/local-s3.js';
import type { LocalSns } from './sns/local-sns.js';

export interface PlanSummary {
  readonly job: string;
  readonly glueJobName: string;
  /** The dataset the job reads, and where: `raw` data is seeded from the input folder. */
  readonly dataset: string;
  readonly layer: 'raw' | 'processed';
  readonly rawPath: string;
  /** The processed dataset the job writes: run.json counts each job's rows under it. */
  readonly output: string;
  readonly runSummary: { readonly bucket: string; readonly key: string };
  readonly placeholder: string;
}

interface PlanFile {
  readonly job: string;
  readonly glueJobName: string;
  readonly input: { readonly dataset: string; readonly path: string; readonly layer: 'raw' | 'processed' };
  readonly output: { readonly dataset: string };
  readonly runSummary: { readonly bucket: string; readonly key: string };
  readonly runId: { readonly placeholder: string };
}

function upload(s3: LocalS3, uri: string, body: string): void {
  const { bucket, key } = parseS3Uri(uri);
  s3.put(bucket, key, body);
}

/** What each job plan says about its dataset and where its run summary lands. */
export function planSummaries(tree: ArtifactTree): PlanSummary[] {
  return tree.list(layout.jobPlans).map((path) => {
    const plan = tree.json<PlanFile>(path);
    return {
      job: plan.job,
      glueJobName: plan.glueJobName,
      dataset: plan.input.dataset,
      layer: plan.input.layer,
      rawPath: plan.input.path,
      output: plan.output.dataset,
      runSummary: plan.runSummary,
      placeholder: plan.runId.placeholder,
    };
  });
}

export async function installTree(
  tree: ArtifactTree,
  services: {
    s3: LocalS3;
    sns: LocalSns;
    crawlers: LocalGlueCrawlers;
    jobs: LocalGlueJobs;
    lambda: LocalLambda;
  },
): Promise<void> {
  const { s3, sns, crawlers, jobs, lambda } = services;
  s3.createBucket(tree.manifest.bucket);
  for (const { uri, path } of tree.uploads()) upload(s3, uri, tree.text(path));
  for (const path of tree.list(layout.jobConfigs)) jobs.createJob(tree.json<CreateJobInput>(path));
  for (const path of tree.list(layout.classifiers))
    await crawlers.createClassifier(tree.json<CreateClassifierInput>(path));
  for (const path of tree.list(layout.crawlers))
    await crawlers.createCrawler(tree.json<CreateCrawlerInput>(path));
  // Functions are created from the zip deploy uploads: what runs locally is what would ship.
  for (const path of tree.list(layout.lambdaConfigs)) {
    const name = layout.lambdaConfigs.nameOf(path)!;
    const config = tree.json<Omit<CreateFunctionInput, 'ZipFile'>>(path);
    lambda.createFunction({ ...config, ZipFile: tree.bytes(layout.lambdaZips.path(name)) });
  }
  if (tree.has(layout.topic)) sns.createTopic(tree.json<{ Name: string }>(layout.topic));
}
