/** Serves `arn:aws:states:::aws-sdk:redshiftdata:getStatementResult`. */
import type { TaskHandler } from '../executor/types.js';
import type { LocalRedshiftData } from '../redshift/index.js';
import { redshiftDataTask } from './redshift-data-task.js';

export const redshiftDataGetStatementResult = (redshift: LocalRedshiftData): TaskHandler =>
  redshiftDataTask((input) =>
    redshift.getStatementResult(input as unknown as { Id: string; NextToken?: string }),
  );
