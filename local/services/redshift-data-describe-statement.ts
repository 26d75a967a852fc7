/**
 * Serves `arn:aws:states:::aws-sdk:redshiftdata:describeStatement`. Wait states take no time
 * locally, so a poll loop would call this back to back; each call first waits (up to
 * `longPollMs`, default 250) for the statement's status to move on, so the loop sees every real
 * status change without spinning while the warehouse works.
 */
import type { TaskHandler } from '../executor/types.js';
import type { LocalRedshiftData } from '../redshift/index.js';
import { redshiftDataTask } from './redshift-data-task.js';

export const redshiftDataDescribeStatement = (
  redshift: LocalRedshiftData,
  options: { readonly longPollMs?: number } = {},
): TaskHandler =>
  redshiftDataTask(async (input) => {
    const id = (input as { Id?: unknown } | null)?.Id as string;
    await redshift.waitForProgress(id, options.longPollMs ?? 250);
    return redshift.describeStatement({ Id: id });
  });
