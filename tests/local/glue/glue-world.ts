/**
 * A simulated account for the Glue job tests: the flagship's local artifact tree synthesized with
 * the CLI's synthTree and written to disk, the runner script and plans put where the job configs
 * say (as deploy uploads them), sample data in the raw layer, and the jobs created from
 * the tree's job configs. Everything the engine reads comes from that tree and S3.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthTree, writeTree } from '../../../cli/synth-tree.js';
import { ArtifactTree, findStage, artifactLayout as layout } from '../../../core/index.js';
import { type JobConfig, type JobPlan, RUNNER_SCRIPT } from '../../../glue-scripts/index.js';
import { DuckDb } from '../../../local/engines/index.js';
import { LocalGlueJobs } from '../../../local/glue/jobs.js';
import type { JobRun } from '../../../local/glue/jobs-types.js';
import { LocalS3, parseS3Uri } from '../../../local/s3/index.js';
import flagship from '../../../pipelines/student-enrollment/pipeline.js';
import { type SampleSummary, writeSample } from '../../../pipelines/student-enrollment/sample.js';

export const JOBS = ['students', 'courses', 'instructors', 'enrollments'] as const;
export type JobKey = (typeof JOBS)[number];

export interface GlueWorld {
  readonly dir: string;
  readonly tree: string;
  readonly s3: LocalS3;
  readonly jobs: LocalGlueJobs;
  readonly sample: SampleSummary;
  readonly configs: Readonly<Record<JobKey, JobConfig>>;
  readonly plans: Readonly<Record<JobKey, JobPlan>>;
  /** Starts a run of the job and waits for its end. */
  run(job: JobKey, args?: Readonly<Record<string, string>>): Promise<JobRun>;
  /** Rows of a query on a fresh DuckDB (to read back what the jobs wrote). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** The file on disk behind an s3:// URI. */
  path(uri: string): string;
  /** Waits for every run to end, then removes the account. */
  close(): Promise<void>;
}

export interface WorldOptions {
  readonly rows: number;
  readonly dirty: number;
  readonly seed?: number;
  readonly minuteMs?: number;
}

export async function glueWorld(options: WorldOptions): Promise<GlueWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-glue-'));
  const tree = join(dir, 'tree');
  writeTree(tree, synthTree(flagship, findStage(flagship, 'local')));
  const s3 = new LocalS3(join(dir, 's3'));
  const jobs = new LocalGlueJobs({
    s3,
    dir: join(dir, 'glue'),
    ...(options.minuteMs === undefined ? {} : { minuteMs: options.minuteMs }),
  });

  const artifacts = new ArtifactTree(tree);
  const configs = {} as Record<JobKey, JobConfig>;
  const plans = {} as Record<JobKey, JobPlan>;
  const put = (uri: string, file: string) => {
    const { bucket, key } = parseS3Uri(uri);
    s3.put(bucket, key, readFileSync(join(tree, file)));
  };
  for (const path of artifacts.list(layout.jobConfigs)) {
    const config = artifacts.json<JobConfig>(path);
    const key = layout.jobConfigs.nameOf(path) as JobKey;
    configs[key] = config;
    plans[key] = artifacts.json<JobPlan>(layout.jobPlans.path(key));
    // Where deploy uploads them: the script and plan each job config points at.
    put(config.Command.ScriptLocation, layout.glueScripts.path(RUNNER_SCRIPT));
    put(config.DefaultArguments['--plan_uri']!, layout.jobPlans.path(key));
    jobs.createJob(config);
  }

  const input = join(dir, 'input');
  const sample = writeSample({
    out: input,
    rows: options.rows,
    seed: options.seed ?? 7,
    dirty: options.dirty,
  });
  for (const key of JOBS) {
    const { bucket, key: prefix } = parseS3Uri(plans[key].input.path);
    s3.upload(join(input, plans[key].input.dataset), bucket, prefix);
  }

  const db = await DuckDb.open();
  return {
    dir,
    tree,
    s3,
    jobs,
    sample,
    configs,
    plans,
    async run(job, args = {}) {
      const JobName = configs[job].Name;
      const { JobRunId } = jobs.startJobRun({ JobName, Arguments: args });
      return jobs.waitForJobRun({ JobName, RunId: JobRunId });
    },
    query: (sql) => db.all(sql),
    path: (uri) => s3.pathOf(uri),
    async close() {
      for (const config of Object.values(configs)) {
        for (const run of jobs.getJobRuns({ JobName: config.Name }).JobRuns)
          await jobs.waitForJobRun({ JobName: config.Name, RunId: run.Id });
      }
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
