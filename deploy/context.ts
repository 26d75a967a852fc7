/** What every resource of one artifact tree shares: the tree, its account and region, its tags. */
import { type ArtifactTree, artifactLayout } from '../core/index.js';
import { TAG_PIPELINE, TAG_STAGE } from './resource.js';

export interface DeployContext {
  readonly tree: ArtifactTree;
  readonly pipeline: string;
  readonly stage: string;
  readonly account: string;
  readonly region: string;
  readonly bucket: string;
  /** The tags every taggable resource carries: pipeline, stage, and the stage's own tags. */
  readonly tags: Readonly<Record<string, string>>;
}

interface TaggedConfig {
  readonly Tags?: Readonly<Record<string, string>>;
}

export function deployContext(tree: ArtifactTree): DeployContext {
  const { pipeline, stage, account, region, bucket } = tree.manifest;
  // The generators tag the Glue jobs with the stage's tags as well as lakeline's own.
  const jobTags = tree.list(artifactLayout.jobConfigs).map((p) => tree.json<TaggedConfig>(p).Tags ?? {});
  return {
    tree,
    pipeline,
    stage,
    account,
    region,
    bucket,
    tags: { ...jobTags[0], [TAG_PIPELINE]: pipeline, [TAG_STAGE]: stage },
  };
}

/** The resource names a pipeline owns in a stage all start with this. */
export const ownPrefix = (ctx: DeployContext): string => `${ctx.pipeline}-${ctx.stage}-`;
