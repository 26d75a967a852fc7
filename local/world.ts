/**
 * The simulated AWS account of one run: where each service keeps its state under the workdir.
 *
 *   <workdir>/tree/        the synthesized artifact tree of the local stage (what would be deployed)
 *   <workdir>/s3/          S3 on disk: <bucket>/<key>
 *   <workdir>/s3.meta/     S3 tags and metadata (sidecar files, outside the bucket folders)
 *   <workdir>/catalog/     the Glue Data Catalog the crawlers write
 *   <workdir>/glue/        Glue job runs and job bookmarks
 *   <workdir>/warehouse/   the embedded warehouse (PGlite data directory)
 *   <workdir>/sns-outbox.jsonl   every SNS message published
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
}

export function workdirLayout(workdir: string): WorkdirLayout {
  return {
    workdir,
    tree: join(workdir, 'tree'),
    s3: join(workdir, 's3'),
    catalog: join(workdir, 'catalog'),
    glue: join(workdir, 'glue'),
    warehouse: join(workdir, 'warehouse'),
    outbox: join(workdir, 'sns-outbox.jsonl'),
  };
}
