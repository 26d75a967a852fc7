/** Serves `arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement`. */
import type { TaskHandler } from '../executor/types.js';
import type { BatchExecuteStatementInput, LocalRedshiftData } from '../redshift/index.js';
import { redshiftDataTask } from './redshift-data-task.js';

export const redshiftDataBatchExecuteStatement = (redshift: LocalRedshiftData): TaskHandler =>
  redshiftDataTask((input) => redshift.batchExecuteStatement(input as unknown as BatchExecuteStatementInput));
