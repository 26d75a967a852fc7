/** Glue's job and job-run operations over `LocalGlueJobs`. */
import type { LocalGlueJobs } from '../glue/jobs.js';
import type { CreateJobInput, Job, JobUpdate, StartJobRunInput } from '../glue/jobs-types.js';
import { GLUE_PAGES, pageRequest } from './glue-paging.js';
import type { JsonInput } from './json-input.js';
import type { JsonOperation } from './json-protocol.js';
import { pageOf } from './paging.js';

/** Glue's Job has no Tags member: a job's tags are read with GetTags. */
function jobOutput(job: Job): Omit<Job, 'Tags'> {
  const { Tags: _tags, ...rest } = job;
  return rest;
}

/** A job definition's members, the nested ones the service reads checked for shape. */
function definitionMembers(input: JsonInput): Record<string, unknown> {
  input.string('Role');
  input.input('Command').string('ScriptLocation');
  input.optionalStringMap('DefaultArguments');
  input.optionalInput('ExecutionProperty')?.optionalNumber('MaxConcurrentRuns');
  input.optionalNumber('NumberOfWorkers');
  input.optionalNumber('Timeout');
  input.optionalString('WorkerType');
  return { ...input.members };
}

export function jobOperations(jobs: LocalGlueJobs): Record<string, JsonOperation> {
  return {
    CreateJob: (input) => {
      input.string('Name');
      input.optionalStringMap('Tags');
      return jobs.createJob(definitionMembers(input) as unknown as CreateJobInput);
    },
    GetJob: (input) => ({ Job: jobOutput(jobs.getJob({ JobName: input.string('JobName') }).Job) }),
    UpdateJob: (input) =>
      jobs.updateJob({
        JobName: input.string('JobName'),
        JobUpdate: definitionMembers(input.input('JobUpdate')) as unknown as JobUpdate,
      }),
    DeleteJob: (input) => jobs.deleteJob({ JobName: input.string('JobName') }),
    ListJobs: (input) => {
      const tags = input.optionalStringMap('Tags');
      const { JobNames } = jobs.listJobs(tags === undefined ? {} : { Tags: tags });
      const page = pageOf(JobNames, pageRequest(input), GLUE_PAGES);
      return { JobNames: page.items, NextToken: page.nextToken };
    },
    GetJobs: (input) => {
      const page = pageOf(jobs.getJobs().Jobs, pageRequest(input), GLUE_PAGES);
      return { Jobs: page.items.map(jobOutput), NextToken: page.nextToken };
    },

    StartJobRun: (input) => {
      input.string('JobName');
      input.optionalStringMap('Arguments');
      input.optionalNumber('Timeout');
      input.optionalNumber('NumberOfWorkers');
      return jobs.startJobRun(input.members as unknown as StartJobRunInput);
    },
    GetJobRun: (input) => jobs.getJobRun({ JobName: input.string('JobName'), RunId: input.string('RunId') }),
    GetJobRuns: (input) => {
      const { JobRuns } = jobs.getJobRuns({ JobName: input.string('JobName') });
      const page = pageOf(JobRuns, pageRequest(input), GLUE_PAGES);
      return { JobRuns: page.items, NextToken: page.nextToken };
    },
    BatchStopJobRun: (input) =>
      jobs.batchStopJobRun({ JobName: input.string('JobName'), JobRunIds: input.stringList('JobRunIds') }),
    GetJobBookmark: (input) => jobs.getJobBookmark({ JobName: input.string('JobName') }),
    ResetJobBookmark: (input) => jobs.resetJobBookmark({ JobName: input.string('JobName') }),
  };
}
