/**
 * Serves `arn:aws:states:::aws-sdk:glue:getJobRun`, for state machines that poll a run started
 * without `.sync`. AWS SDK integrations return the API response with timestamps as ISO-8601 text.
 */
import { AwsServiceError, type JsonValue, type TaskHandler } from '../executor/types.js';
import type { LocalGlueJobs } from '../glue/jobs.js';
import { asGlueTaskError } from './glue-start-job-run.js';

export const glueGetJobRun =
  (jobs: LocalGlueJobs): TaskHandler =>
  async (input) => {
    const { JobName, RunId } = (input ?? {}) as { JobName?: string; RunId?: string };
    if (typeof JobName !== 'string' || typeof RunId !== 'string')
      throw new AwsServiceError('Glue.InvalidInputException', 'JobName and RunId are required');
    try {
      const { JobRun } = jobs.getJobRun({ JobName, RunId });
      return JSON.parse(JSON.stringify({ JobRun })) as JsonValue;
    } catch (e) {
      throw asGlueTaskError(e);
    }
  };
