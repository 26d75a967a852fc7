/**
 * Glue: the CSV classifier, the crawlers, the jobs, and the Data Quality rulesets (registered as
 * `<pipeline>-<stage>-<dataset>`; the jobs evaluate the same DQDL text from S3).
 */
import type { CreateCrawlerCommandInput, CreateJobCommandInput, GlueClient } from '@aws-sdk/client-glue';
import { type ArtifactPath, glueDatabase, artifactLayout as layout } from '../../core/index.js';
import { type DeployContext, ownPrefix } from '../context.js';
import { awsCall, readOrMissing } from '../errors.js';
import { type Fields, project, type Resource, removedTagKeys, taggedFor } from '../resource.js';
import { glue } from '../sdk.js';

const {
  CreateClassifierCommand,
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  CreateDataQualityRulesetCommand,
  CreateJobCommand,
  DeleteClassifierCommand,
  DeleteCrawlerCommand,
  DeleteDatabaseCommand,
  DeleteDataQualityRulesetCommand,
  DeleteJobCommand,
  GetClassifierCommand,
  GetCrawlerCommand,
  GetDatabaseCommand,
  GetDataQualityRulesetCommand,
  GetJobCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateClassifierCommand,
  UpdateCrawlerCommand,
  UpdateDatabaseCommand,
  UpdateDataQualityRulesetCommand,
  UpdateJobCommand,
} = glue;

const MISSING = ['EntityNotFoundException'];
const glueArn = (ctx: DeployContext, kind: string, name: string) =>
  `arn:aws:glue:${ctx.region}:${ctx.account}:${kind}/${name}`;

async function readTags(glue: GlueClient, label: string, arn: string): Promise<Record<string, string>> {
  const got = await awsCall(label, 'GetTags', () => glue.send(new GetTagsCommand({ ResourceArn: arn })));
  return got.Tags ?? {};
}

async function syncTags(
  glue: GlueClient,
  label: string,
  arn: string,
  tags: Record<string, string>,
  current: Fields,
): Promise<void> {
  await awsCall(label, 'TagResource', () =>
    glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: tags })),
  );
  const removed = removedTagKeys(current.Tags, tags);
  if (removed.length > 0) {
    await awsCall(label, 'UntagResource', () =>
      glue.send(new UntagResourceCommand({ ResourceArn: arn, TagsToRemove: removed })),
    );
  }
}

interface ClassifierFile {
  readonly CsvClassifier: { readonly Name: string } & Record<string, unknown>;
}

/** Glue cannot tag classifiers: destroy removes the tree's classifier by its name, which is the pipeline's. */
function classifierResource(ctx: DeployContext, path: ArtifactPath): Resource {
  const { CsvClassifier } = ctx.tree.json<ClassifierFile>(path);
  const name = CsvClassifier.Name;
  const label = `classifier ${name}`;
  const { Name: _, ...desired } = CsvClassifier;
  return {
    type: 'AWS::Glue::Classifier',
    name,
    desired,
    async read({ glue }) {
      const got = await readOrMissing(label, 'GetClassifier', MISSING, () =>
        glue.send(new GetClassifierCommand({ Name: name })),
      );
      const csv = got?.Classifier?.CsvClassifier;
      return csv === undefined ? undefined : (project(csv, desired) as Fields);
    },
    async create({ glue }) {
      await awsCall(label, 'CreateClassifier', () =>
        glue.send(new CreateClassifierCommand({ CsvClassifier: CsvClassifier as never })),
      );
    },
    async update({ glue }) {
      await awsCall(label, 'UpdateClassifier', () =>
        glue.send(new UpdateClassifierCommand({ CsvClassifier: CsvClassifier as never })),
      );
    },
    async delete({ glue }) {
      await awsCall(label, 'DeleteClassifier', () => glue.send(new DeleteClassifierCommand({ Name: name })));
    },
    owned: () => name.startsWith(ownPrefix(ctx)),
  };
}

/** Crawler configuration is a JSON string; compared as JSON, since AWS may re-serialize it. */
const parsedConfiguration = (fields: Record<string, unknown>): Record<string, unknown> =>
  typeof fields.Configuration === 'string'
    ? { ...fields, Configuration: JSON.parse(fields.Configuration) }
    : fields;

function crawlerResource(ctx: DeployContext, path: ArtifactPath): Resource {
  const config = ctx.tree.json<CreateCrawlerCommandInput & { Name: string }>(path);
  const name = config.Name;
  const label = `crawler ${name}`;
  const arn = glueArn(ctx, 'crawler', name);
  const tags = { ...config.Tags, ...ctx.tags };
  const { Name: _, Tags: __, ...settings } = config;
  const desired = { ...parsedConfiguration(settings), Tags: tags };
  return {
    type: 'AWS::Glue::Crawler',
    name,
    desired,
    async read({ glue }) {
      const got = await readOrMissing(label, 'GetCrawler', MISSING, () =>
        glue.send(new GetCrawlerCommand({ Name: name })),
      );
      if (got?.Crawler === undefined) return undefined;
      const current = project(parsedConfiguration(got.Crawler as Record<string, unknown>), desired) as Record<
        string,
        unknown
      >;
      return { ...current, Tags: await readTags(glue, label, arn) };
    },
    async create({ glue }) {
      await awsCall(label, 'CreateCrawler', () =>
        glue.send(new CreateCrawlerCommand({ ...config, Tags: tags })),
      );
    },
    async update({ glue }, changes, current) {
      if (changes.some((c) => c.field !== 'Tags')) {
        await awsCall(label, 'UpdateCrawler', () =>
          glue.send(new UpdateCrawlerCommand({ Name: name, ...settings } as never)),
        );
      }
      if (changes.some((c) => c.field === 'Tags')) await syncTags(glue, label, arn, tags, current);
    },
    async delete({ glue }) {
      await awsCall(label, 'DeleteCrawler', () => glue.send(new DeleteCrawlerCommand({ Name: name })));
    },
    owned: (current) => taggedFor(current.Tags as Record<string, string>, ctx.pipeline, ctx.stage),
  };
}

function jobResource(ctx: DeployContext, path: ArtifactPath): Resource {
  const config = ctx.tree.json<CreateJobCommandInput & { Name: string }>(path);
  const name = config.Name;
  const label = `job ${name}`;
  const arn = glueArn(ctx, 'job', name);
  const tags = { ...config.Tags, ...ctx.tags };
  const { Name: _, Tags: __, ...settings } = config;
  const desired = { ...settings, Tags: tags };
  return {
    type: 'AWS::Glue::Job',
    name,
    desired,
    async read({ glue }) {
      const got = await readOrMissing(label, 'GetJob', MISSING, () =>
        glue.send(new GetJobCommand({ JobName: name })),
      );
      if (got?.Job === undefined) return undefined;
      const current = project(got.Job, settings) as Record<string, unknown>;
      return { ...current, Tags: await readTags(glue, label, arn) };
    },
    async create({ glue }) {
      await awsCall(label, 'CreateJob', () => glue.send(new CreateJobCommand({ ...config, Tags: tags })));
    },
    async update({ glue }, changes, current) {
      if (changes.some((c) => c.field !== 'Tags')) {
        // UpdateJob replaces the whole definition with JobUpdate, as AWS documents.
        await awsCall(label, 'UpdateJob', () =>
          glue.send(new UpdateJobCommand({ JobName: name, JobUpdate: settings as never })),
        );
      }
      if (changes.some((c) => c.field === 'Tags')) await syncTags(glue, label, arn, tags, current);
    },
    async delete({ glue }) {
      await awsCall(label, 'DeleteJob', () => glue.send(new DeleteJobCommand({ JobName: name })));
    },
    owned: (current) => taggedFor(current.Tags as Record<string, string>, ctx.pipeline, ctx.stage),
  };
}

function rulesetResource(ctx: DeployContext, path: ArtifactPath<string>): Resource {
  const dataset = layout.rulesets.nameOf(path)!;
  const name = `${ownPrefix(ctx)}${dataset}`;
  const label = `ruleset ${name}`;
  const arn = glueArn(ctx, 'dataQualityRuleset', name);
  const ruleset = ctx.tree.text(path);
  const description = `${ctx.pipeline} (${ctx.stage}): data quality rules of ${dataset}, evaluated by its Glue job.`;
  const desired = { Ruleset: ruleset, Description: description, Tags: ctx.tags };
  return {
    type: 'AWS::Glue::DataQualityRuleset',
    name,
    desired,
    async read({ glue }) {
      const got = await readOrMissing(label, 'GetDataQualityRuleset', MISSING, () =>
        glue.send(new GetDataQualityRulesetCommand({ Name: name })),
      );
      if (got === undefined) return undefined;
      return { Ruleset: got.Ruleset, Description: got.Description, Tags: await readTags(glue, label, arn) };
    },
    async create({ glue }) {
      await awsCall(label, 'CreateDataQualityRuleset', () =>
        glue.send(
          new CreateDataQualityRulesetCommand({
            Name: name,
            Ruleset: ruleset,
            Description: description,
            Tags: { ...ctx.tags },
          }),
        ),
      );
    },
    async update({ glue }, changes, current) {
      if (changes.some((c) => c.field !== 'Tags')) {
        await awsCall(label, 'UpdateDataQualityRuleset', () =>
          glue.send(
            new UpdateDataQualityRulesetCommand({ Name: name, Ruleset: ruleset, Description: description }),
          ),
        );
      }
      if (changes.some((c) => c.field === 'Tags')) await syncTags(glue, label, arn, { ...ctx.tags }, current);
    },
    async delete({ glue }) {
      await awsCall(label, 'DeleteDataQualityRuleset', () =>
        glue.send(new DeleteDataQualityRulesetCommand({ Name: name })),
      );
    },
    owned: (current) => taggedFor(current.Tags as Record<string, string>, ctx.pipeline, ctx.stage),
  };
}

/**
 * The Data Catalog databases the crawlers write to: created by deploy so that Lake Formation can
 * grant on them before the first crawl. Deleting one removes its table definitions, not the data.
 */
function databaseResource(ctx: DeployContext, name: string): Resource {
  const label = `database ${name}`;
  const description = `${ctx.pipeline} (${ctx.stage}): tables the crawlers catalog.`;
  const desired = { Description: description };
  const own = [
    glueDatabase(ctx.pipeline, { name: ctx.stage }, 'raw'),
    glueDatabase(ctx.pipeline, { name: ctx.stage }, 'processed'),
  ];
  return {
    type: 'AWS::Glue::Database',
    name,
    desired,
    async read({ glue }) {
      const got = await readOrMissing(label, 'GetDatabase', MISSING, () =>
        glue.send(new GetDatabaseCommand({ Name: name })),
      );
      return got?.Database === undefined ? undefined : { Description: got.Database.Description };
    },
    async create({ glue }) {
      await awsCall(label, 'CreateDatabase', () =>
        glue.send(
          new CreateDatabaseCommand({
            DatabaseInput: { Name: name, Description: description },
            Tags: { ...ctx.tags },
          }),
        ),
      );
    },
    async update({ glue }) {
      await awsCall(label, 'UpdateDatabase', () =>
        glue.send(
          new UpdateDatabaseCommand({ Name: name, DatabaseInput: { Name: name, Description: description } }),
        ),
      );
    },
    async delete({ glue }) {
      await awsCall(label, 'DeleteDatabase', () => glue.send(new DeleteDatabaseCommand({ Name: name })));
    },
    // Glue cannot list a database's tags everywhere; it is the pipeline's when named as its databases are.
    owned: () => own.includes(name),
  };
}

/** One per database the tree's crawlers write to. */
export function databaseResources(ctx: DeployContext): Resource[] {
  const names = ctx.tree
    .list(layout.crawlers)
    .map((p) => ctx.tree.json<{ DatabaseName?: string }>(p).DatabaseName)
    .filter((n): n is string => n !== undefined);
  return [...new Set(names)].map((n) => databaseResource(ctx, n));
}

export const classifierResources = (ctx: DeployContext): Resource[] =>
  ctx.tree.list(layout.classifiers).map((p) => classifierResource(ctx, p));
export const crawlerResources = (ctx: DeployContext): Resource[] =>
  ctx.tree.list(layout.crawlers).map((p) => crawlerResource(ctx, p));
export const jobResources = (ctx: DeployContext): Resource[] =>
  ctx.tree.list(layout.jobConfigs).map((p) => jobResource(ctx, p));
export const rulesetResources = (ctx: DeployContext): Resource[] =>
  ctx.tree.list(layout.rulesets).map((p) => rulesetResource(ctx, p));
