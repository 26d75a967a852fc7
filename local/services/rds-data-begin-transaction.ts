/** Serves `arn:aws:states:::aws-sdk:rdsdata:beginTransaction`. */
import { rdsDataOperation } from './rds-data-task.js';

export const rdsDataBeginTransaction = rdsDataOperation('beginTransaction');
