/** Serves `arn:aws:states:::aws-sdk:rdsdata:executeStatement`. */
import { rdsDataOperation } from './rds-data-task.js';

export const rdsDataExecuteStatement = rdsDataOperation('executeStatement');
