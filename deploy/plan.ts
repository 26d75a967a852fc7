/**
 * Plan, deploy and destroy one artifact tree. Resources are listed in dependency order — bucket and
 * uploads, IAM roles, Glue databases, classifier, crawlers, rulesets, jobs, Lambda functions, topic, warehouse SQL, Lake Formation,
 * state machine, schedule — deploy applies them in that order and destroy in the reverse one.
 */
import type { ArtifactTree } from '../core/index.js';
import type { Clients } from './clients.js';
import { type DeployContext, deployContext, ownPrefix } from './context.js';
import { allPages, awsCall } from './errors.js';
import {
  type Change,
  diffFields,
  type Fields,
  type PlannedChange,
  type Resource,
  taggedFor,
} from './resource.js';
import {
  classifierResources,
  crawlerResources,
  databaseResources,
  jobResources,
  rulesetResources,
} from './resources/glue.js';
import { roleResources } from './resources/iam.js';
import { lakeFormationResources } from './resources/lakeformation.js';
import { functionResources } from './resources/lambda.js';
import { scheduleResources, stateMachineResource } from './resources/orchestration.js';
import type { PollOptions } from './resources/redshift.js';
import { bucketResource, objectResources } from './resources/s3.js';
import { topicResource } from './resources/sns.js';
import { warehouseResources } from './resources/targets.js';
import { glue } from './sdk.js';

const {
  DeleteCrawlerCommand,
  DeleteDataQualityRulesetCommand,
  DeleteJobCommand,
  GetTagsCommand,
  paginateListCrawlers,
  paginateListDataQualityRulesets,
  paginateListJobs,
} = glue;

export interface DeployOptions {
  /** Redshift Data API polling. */
  readonly poll?: PollOptions;
  /** One line per step, as it happens. */
  readonly onProgress?: (line: string) => void;
}

export function treeResources(ctx: DeployContext, options: DeployOptions = {}): Resource[] {
  return [
    bucketResource(ctx),
    ...objectResources(ctx),
    ...roleResources(ctx),
    ...databaseResources(ctx),
    ...classifierResources(ctx),
    ...crawlerResources(ctx),
    ...rulesetResources(ctx),
    ...jobResources(ctx),
    ...functionResources(ctx),
    topicResource(ctx),
    ...warehouseResources(ctx, options),
    ...lakeFormationResources(ctx),
    stateMachineResource(ctx),
    ...scheduleResources(ctx),
  ];
}

/** A resource the account holds, tagged as this pipeline's, that the tree no longer has. */
function orphan(
  type: string,
  name: string,
  current: Fields,
  remove: (c: Clients) => Promise<unknown>,
): Resource {
  return {
    type,
    name,
    desired: {},
    read: async () => current,
    create: async () => undefined,
    update: async () => undefined,
    delete: async (c) => {
      await remove(c);
    },
    owned: () => true,
  };
}

/**
 * Glue crawlers, jobs and rulesets named and tagged as this pipeline's in this stage but absent
 * from the tree: a job removed from the pipeline is deleted by the next deploy.
 */
async function orphans(
  ctx: DeployContext,
  clients: Clients,
  known: ReadonlySet<string>,
): Promise<Resource[]> {
  const { glue } = clients;
  const found: Resource[] = [];
  const arn = (kind: string, name: string) => `arn:aws:glue:${ctx.region}:${ctx.account}:${kind}/${name}`;
  const check = async (
    type: string,
    kind: string,
    name: string,
    remove: (c: Clients) => Promise<unknown>,
  ) => {
    if (!name.startsWith(ownPrefix(ctx)) || known.has(`${type} ${name}`)) return;
    const tags = await awsCall(`${kind} ${name}`, 'GetTags', () =>
      glue.send(new GetTagsCommand({ ResourceArn: arn(kind, name) })),
    );
    if (taggedFor(tags.Tags, ctx.pipeline, ctx.stage))
      found.push(orphan(type, name, { Tags: tags.Tags }, remove));
  };
  for (const page of await allPages('Glue jobs', 'ListJobs', paginateListJobs({ client: glue }, {}))) {
    for (const name of page.JobNames ?? [])
      await check('AWS::Glue::Job', 'job', name, (c) => c.glue.send(new DeleteJobCommand({ JobName: name })));
  }
  for (const page of await allPages(
    'Glue crawlers',
    'ListCrawlers',
    paginateListCrawlers({ client: glue }, {}),
  )) {
    for (const name of page.CrawlerNames ?? [])
      await check('AWS::Glue::Crawler', 'crawler', name, (c) =>
        c.glue.send(new DeleteCrawlerCommand({ Name: name })),
      );
  }
  const rulesets = paginateListDataQualityRulesets({ client: glue }, {});
  for (const page of await allPages('Glue Data Quality rulesets', 'ListDataQualityRulesets', rulesets)) {
    for (const r of page.Rulesets ?? []) {
      const name = r.Name ?? '';
      await check('AWS::Glue::DataQualityRuleset', 'dataQualityRuleset', name, (c) =>
        c.glue.send(new DeleteDataQualityRulesetCommand({ Name: name })),
      );
    }
  }
  return found;
}

async function planResources(
  resources: readonly Resource[],
  clients: Clients,
  say: (line: string) => void,
): Promise<PlannedChange[]> {
  const planned: PlannedChange[] = [];
  for (const resource of resources) {
    say(`reading ${resource.type} ${resource.name}`);
    const current = await resource.read(clients);
    if (current === undefined) {
      planned.push({ resource, action: 'create', changes: [] });
      continue;
    }
    const changes: Change[] = diffFields(resource.desired, current);
    planned.push({ resource, action: changes.length === 0 ? 'none' : 'update', changes, current });
  }
  return planned;
}

export interface TreePlan {
  readonly context: DeployContext;
  readonly changes: readonly PlannedChange[];
}

/** Reads what exists and compares it with the tree: create, update (with the fields), delete, none. */
export async function planTree(
  tree: ArtifactTree,
  clients: Clients,
  options: DeployOptions = {},
): Promise<TreePlan> {
  const say = options.onProgress ?? (() => undefined);
  const context = deployContext(tree);
  const resources = treeResources(context, options);
  const changes = await planResources(resources, clients, say);
  const known = new Set(resources.map((r) => `${r.type} ${r.name}`));
  for (const o of await orphans(context, clients, known)) {
    changes.push({ resource: o, action: 'delete', changes: [], current: (await o.read(clients)) ?? {} });
  }
  return { context, changes };
}

/** Applies a plan in order; a failure stops there, and re-running deploy picks up from what exists. */
export async function applyPlan(
  plan: TreePlan,
  clients: Clients,
  options: DeployOptions = {},
): Promise<void> {
  const say = options.onProgress ?? (() => undefined);
  for (const c of plan.changes) {
    const what = `${c.resource.type} ${c.resource.name}`;
    if (c.action === 'create') {
      say(`creating ${what}`);
      await c.resource.create(clients);
    } else if (c.action === 'update') {
      say(`updating ${what} (${c.changes.map((x) => x.field).join(', ')})`);
      await c.resource.update(clients, c.changes, c.current ?? {});
    } else if (c.action === 'delete') {
      say(`deleting ${what}`);
      await c.resource.delete(clients);
    }
  }
}

export interface DestroyStep {
  readonly resource: Resource;
  /** `delete`; `keep` when it is not this pipeline's (untagged) or deploy never removes it; `absent`. */
  readonly action: 'delete' | 'keep' | 'absent';
}

/** What destroy would do: every existing resource of the tree that carries the pipeline's tags, in reverse order. */
export async function planDestroy(
  tree: ArtifactTree,
  clients: Clients,
  options: DeployOptions = {},
): Promise<DestroyStep[]> {
  const say = options.onProgress ?? (() => undefined);
  const context = deployContext(tree);
  const resources = treeResources(context, options);
  const steps: DestroyStep[] = [];
  const known = new Set(resources.map((r) => `${r.type} ${r.name}`));
  for (const o of await orphans(context, clients, known)) steps.push({ resource: o, action: 'delete' });
  for (const resource of [...resources].reverse()) {
    say(`reading ${resource.type} ${resource.name}`);
    const current = await resource.read(clients);
    if (current === undefined) steps.push({ resource, action: 'absent' });
    else steps.push({ resource, action: resource.owned(current) ? 'delete' : 'keep' });
  }
  return steps;
}

export async function applyDestroy(
  steps: readonly DestroyStep[],
  clients: Clients,
  options: DeployOptions = {},
): Promise<void> {
  const say = options.onProgress ?? (() => undefined);
  for (const step of steps) {
    if (step.action !== 'delete') continue;
    say(`deleting ${step.resource.type} ${step.resource.name}`);
    await step.resource.delete(clients);
  }
}
