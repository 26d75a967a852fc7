/** Serves `arn:aws:states:::aws-sdk:rdsdata:batchExecuteStatement`. */
import { rdsDataOperation } from './rds-data-task.js';

export const rdsDataBatchExecuteStatement = rdsDataOperation('batchExecuteStatement');
