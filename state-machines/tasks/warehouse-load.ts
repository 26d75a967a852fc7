/** The warehouse load: the load statements as one batch on the stage's Redshift, polled to the end. */
import { resourceName, type WarehouseLoad } from '../../core/index.js';
import { redshiftBatch } from '../patterns/redshift-statement.js';
import { STATE_NAMES } from '../synth/state-names.js';
import { POLL_BUDGET_SECONDS, type TaskRenderer } from './task-renderer.js';

export const warehouseLoadRenderer: TaskRenderer<WarehouseLoad> = {
  toStates: (task, { pipeline, stage, failure, inputs }) => {
    if (inputs.warehouseLoad.length === 0) {
      throw new Error(
        `${pipeline.name}: the pipeline loads a warehouse, but no load statements were given for it`,
      );
    }
    return redshiftBatch({
      label: task.name === 'warehouse-load' ? STATE_NAMES.warehouseLoad : task.name,
      statementName: resourceName(pipeline.name, stage, task.name),
      sqls: inputs.warehouseLoad,
      stage,
      target: stage.redshift,
      failure,
    });
  },
  failedState: (task) => `Task ${task.name} failed`,
  budgetSeconds: () => POLL_BUDGET_SECONDS,
};
