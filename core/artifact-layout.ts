/**
 * The layout of an artifact tree (`out/<stage>/<pipeline>/`): the one module that names its files.
 * Generators write their artifacts at these paths; everything that reads a tree (`ArtifactTree`,
 * deploy, the simulator, the CLI's checks) finds its files here, so moving a file is a change to
 * this module alone.
 *
 * A path carries, in its type only, what its file holds: `ArtifactTree.json` returns it and
 * `jsonArtifact` checks it. That is `string` for text files, the parsed document where core
 * declares its type, and `unknown` where the type belongs to the generator writing the file, so
 * the reader names it (`tree.json<JobPlan>(artifactLayout.jobPlans.path(job))`).
 */
import type { TreeManifest } from './artifact-tree.js';
import type { RoleDefinition } from './iam.js';
import type { SqlFlavour } from './sql/index.js';

declare const holds: unique symbol;

/** A file's path relative to the tree's root; `T` is what the file holds. */
export type ArtifactPath<T = unknown> = string & { readonly [holds]?: T };

/** Files of one kind in one folder, one per name: `glue/jobs/<job>.json`. */
export interface ArtifactFamily<T = unknown> {
  /** The folder, ending in `/`. */
  readonly folder: string;
  /** What a file name ends with after the name (empty where the name is the whole file name). */
  readonly extension: string;
  path(name: string): ArtifactPath<T>;
  /** The name a path of the tree stands for; undefined when the path is none of the family's. */
  nameOf(path: string): string | undefined;
}

/** The warehouse SQL files by purpose, in the order they run; each dialect's folder has all four. */
export const WAREHOUSE_FILES = {
  schema: '01-schema.sql',
  roles: '02-roles.sql',
  policies: '03-policies.sql',
  load: '04-load.sql',
} as const;

export type WarehouseFile = (typeof WAREHOUSE_FILES)[keyof typeof WAREHOUSE_FILES];

/**
 * The files that set a warehouse up, once, before any load: deploy sends them to Redshift and the
 * simulator to its local warehouse. The load itself is the state machine's.
 */
export const WAREHOUSE_SETUP_FILES: readonly WarehouseFile[] = [
  WAREHOUSE_FILES.schema,
  WAREHOUSE_FILES.roles,
  WAREHOUSE_FILES.policies,
];

const file = <T = unknown>(path: string): ArtifactPath<T> => path as ArtifactPath<T>;

function family<T = unknown>(folder: string, extension: string): ArtifactFamily<T> {
  return Object.freeze({
    folder,
    extension,
    path: (name: string) => file<T>(`${folder}${name}${extension}`),
    nameOf: (path: string) => {
      if (!path.startsWith(folder) || !path.endsWith(extension)) return undefined;
      const name = path.slice(folder.length, path.length - extension.length);
      return name === '' || name.includes('/') ? undefined : name;
    },
  });
}

const roles = family<RoleDefinition>('iam/', '.json');

export const artifactLayout = Object.freeze({
  /** The files with their sizes and digests, and the stage's coordinates (written last). */
  manifest: file<TreeManifest>('manifest.json'),
  /** The ASL definition. */
  stateMachine: file('state-machine.asl.json'),
  /** The SNS topic: CreateTopic's name, attributes and tags, and the subscriptions. */
  topic: file('sns/topic.json'),
  /** The pipeline's EventBridge Scheduler group (it carries the tags) and schedule, with a schedule only. */
  scheduleGroup: file('scheduler/group.json'),
  schedule: file('scheduler/schedule.json'),
  /** Lake Formation data cells filters and grants. */
  lakeFormationGrants: file('lakeformation/grants.json'),
  /**
   * Where the SQL is sent, in the target's API's own field names: `redshift/target.json` (Redshift
   * Data API: database, workgroup or cluster, secret), `postgres/target.json` (RDS Data API:
   * resourceArn, secretArn, database). A tree has the one of its stage's target.
   */
  warehouseTarget: (dialect: SqlFlavour): ArtifactPath<Readonly<Record<string, string>>> =>
    file(`${dialect}/target.json`),
  /** `redshift/01-schema.sql`: a warehouse file in the stage's target's rendering. */
  warehouseFile: (dialect: SqlFlavour, name: WarehouseFile): ArtifactPath<string> =>
    file(`${dialect}/${name}`),
  /**
   * `local/postgres/01-schema.sql`: the simulator's stand-in for a Redshift target's file, the
   * PostgreSQL its local warehouse runs for each Redshift statement; deploy never reads it.
   */
  standInWarehouseFile: (name: WarehouseFile): ArtifactPath<string> => file(`local/postgres/${name}`),
  /** Glue's CreateClassifier, CreateCrawler and CreateJob inputs, by classifier, crawler and job. */
  classifiers: family('glue/classifiers/', '.json'),
  crawlers: family('glue/crawlers/', '.json'),
  jobConfigs: family('glue/jobs/', '.json'),
  /** The job plans, by job: what both engines run. */
  jobPlans: family('glue/plans/', '.json'),
  /** The scripts the jobs run, by file name. */
  glueScripts: family<string>('glue/scripts/', ''),
  /** The DQDL rulesets, by ruleset. */
  rulesets: family<string>('quality/', '.dqdl'),
  /** Lambda functions, by task: the bundle (readable), the zip deploy uploads, CreateFunction's input without its code. */
  lambdaBundles: family<string>('lambda/', '/index.mjs'),
  lambdaZips: family<Uint8Array>('lambda/', '.zip'),
  lambdaConfigs: family('lambda/', '/function.json'),
  /** IAM role definitions, each CreateRole's input with its inline policies. */
  roles,
  glueJobRole: roles.path('glue-job-role'),
  stateMachineRole: roles.path('state-machine-role'),
  schedulerRole: roles.path('scheduler-role'),
  redshiftCopyRole: roles.path('redshift-copy-role'),
  /** The role an Aurora PostgreSQL cluster assumes to import the CSV exports (`s3Import`). */
  postgresImportRole: roles.path('postgres-import-role'),
  /** A Lambda function's execution role, by task. */
  lambdaRole: (task: string): ArtifactPath<RoleDefinition> => roles.path(`lambda-${task}-role`),
});
