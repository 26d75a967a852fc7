/** Serves `arn:aws:states:::aws-sdk:rdsdata:rollbackTransaction`. */
import { rdsDataOperation } from './rds-data-task.js';

export const rdsDataRollbackTransaction = rdsDataOperation('rollbackTransaction');
