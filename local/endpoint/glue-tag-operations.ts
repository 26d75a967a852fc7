/**
 * Glue's TagResource, UntagResource and GetTags for the resources the local endpoint keeps:
 * crawlers, jobs and data quality rulesets, named by their ARNs
 * (`arn:aws:glue:<region>:<account>:crawler/<name>`, `job/<name>`, `dataQualityRuleset/<name>`).
 * The resource is found by its type and name; the ARN's region and account are not compared, so an
 * ARN a client builds for its own region finds the same resource.
 */
import type { LocalGlueCrawlers } from '../glue/crawlers/local-glue-crawlers.js';
import type { LocalDataQualityRulesets } from '../glue/data-quality-rulesets.js';
import type { LocalGlueJobs } from '../glue/jobs.js';
import type { JsonInput } from './json-input.js';
import type { JsonOperation } from './json-protocol.js';

interface Tagged {
  tags(name: string): Record<string, string>;
  tag(name: string, tags: Readonly<Record<string, string>>): void;
  untag(name: string, keys: readonly string[]): void;
}

export interface GlueTaggables {
  readonly crawlers: LocalGlueCrawlers;
  readonly jobs: LocalGlueJobs;
  readonly rulesets: LocalDataQualityRulesets;
}

function taggedResources(t: GlueTaggables): Readonly<Record<string, Tagged>> {
  return {
    crawler: {
      tags: (Name) => t.crawlers.crawlerTags({ Name }),
      tag: (Name, Tags) => t.crawlers.tagCrawler({ Name, Tags }),
      untag: (Name, TagKeys) => t.crawlers.untagCrawler({ Name, TagKeys }),
    },
    job: {
      tags: (JobName) => ({ ...t.jobs.getJob({ JobName }).Job.Tags }),
      tag: (JobName, Tags) => t.jobs.tagJob({ JobName, Tags }),
      untag: (JobName, TagKeys) => t.jobs.untagJob({ JobName, TagKeys }),
    },
    dataQualityRuleset: {
      tags: (Name) => t.rulesets.tags({ Name }),
      tag: (Name, Tags) => t.rulesets.tag({ Name, Tags }),
      untag: (Name, TagKeys) => t.rulesets.untag({ Name, TagKeys }),
    },
  };
}

export function tagOperations(taggables: GlueTaggables): Record<string, JsonOperation> {
  const resources = taggedResources(taggables);
  const resolve = (input: JsonInput): { resource: Tagged; name: string } => {
    const arn = input.string('ResourceArn');
    const m = /^arn:aws[a-z-]*:glue:[^:]*:[^:]*:([A-Za-z]+)\/(.+)$/.exec(arn);
    const resource = m === null || !Object.hasOwn(resources, m[1]!) ? undefined : resources[m[1]!];
    if (resource === undefined) {
      throw input.invalid(
        `${arn} is not the ARN of a crawler, job or dataQualityRuleset, the resources the local endpoint tags`,
      );
    }
    return { resource, name: m![2]! };
  };
  return {
    TagResource: (input) => {
      const { resource, name } = resolve(input);
      resource.tag(name, input.stringMap('TagsToAdd'));
      return {};
    },
    UntagResource: (input) => {
      const { resource, name } = resolve(input);
      resource.untag(name, input.stringList('TagsToRemove'));
      return {};
    },
    GetTags: (input) => {
      const { resource, name } = resolve(input);
      return { Tags: resource.tags(name) };
    },
  };
}
