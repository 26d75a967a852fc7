/** Serves `arn:aws:states:::aws-sdk:rdsdata:commitTransaction`. */
import { rdsDataOperation } from './rds-data-task.js';

export const rdsDataCommitTransaction = rdsDataOperation('commitTransaction');
