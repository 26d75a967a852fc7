/**
 * The simulated AWS account of one run: where each service keeps its state under the workdir.
 *
 *   <workdir>/tree/        the synthesized artifact tree of the local stage (what would be deployed)
 *   <workdir>/s3/          S3 on disk: <bucket>/<key>
 *   <workdir>/s3.meta/     S3 tags and metadata (sidecar files, outside the bucket folders)
 *   <workdir>/catalog/     the Glue Data Catalog the crawlers write
 *   <workdir>/glue/        Glue job runs and job bookmarks
 *   <workdir>/warehouse/   the embedded warehouse (PGlite data directory)
 *   <workdir>/redshift-scratch/  the local Redshift's scratch files (COPY staging)
 *   <workdir>/sns-outbox.jsonl   every SNS message published
 *   <workdir>/lambda/            Lambda functions' unpacked code, and their logs (`logs/<function>.log`)
 *   <workdir>/input/             `simulate`'s generated sample data (when no --input is given)
 *   <workdir>/run.json, report.html   `simulate`'s record of the last run
 *   <workdir>/lakeline.lock      the pid of the process using the workdir (workdir-lock.ts)
 */
import { join } from 'node:path';

export interface WorkdirLayout {
  readonly workdir: string;
  readonly tree: string;
  readonly s3: string;
  readonly catalog: string;
  readonly glue: string;
  readonly warehouse: string;
  readonly outbox: string;
  readonly lambda: string;
  readonly lock: string;
}

/** Every name a workdir holds at its top level: anything else is not the simulator's to delete. */
export const workdirEntries: readonly string[] = [
  'tree',
  's3',
  's3.meta',
  'catalog',
  'glue',
  'warehouse',
  'redshift-scratch',
  'sns-outbox.jsonl',
  'lambda',
  'input',
  'run.json',
  'report.html',
  'lakeline.lock',
];

export function workdirLayout(workdir: string): WorkdirLayout {
  return {
    workdir,
    tree: join(workdir, 'tree'),
    s3: join(workdir, 's3'),
    catalog: join(workdir, 'catalog'),
    glue: join(workdir, 'glue'),
    warehouse: join(workdir, 'warehouse'),
    outbox: join(workdir, 'sns-outbox.jsonl'),
    lambda: join(workdir, 'lambda'),
    lock: join(workdir, 'lakeline.lock'),
  };
}
