/** Serves `arn:aws:states:::aws-sdk:redshiftdata:executeStatement`. */
import type { TaskHandler } from '../executor/types.js';
import type { ExecuteStatementInput, LocalRedshiftData } from '../redshift/index.js';
import { redshiftDataTask } from './redshift-data-task.js';

export const redshiftDataExecuteStatement = (redshift: LocalRedshiftData): TaskHandler =>
  redshiftDataTask((input) => redshift.executeStatement(input as unknown as ExecuteStatementInput));
