/** The warehouse load: the load statements sent to the stage's warehouse target by its loader. */
import { resourceName, type WarehouseLoad } from '../../core/index.js';
import { STATE_NAMES } from '../synth/state-names.js';
import { loaderOf } from '../targets/index.js';
import { POLL_BUDGET_SECONDS, type TaskRenderer } from './task-renderer.js';

export const warehouseLoadRenderer: TaskRenderer<WarehouseLoad> = {
  toStates: (task, { pipeline, stage, failure, inputs }) => {
    if (inputs.warehouseLoad.length === 0) {
      throw new Error(
        `${pipeline.name}: the pipeline loads a warehouse, but no load statements were given for it`,
      );
    }
    return loaderOf(stage.warehouse).loadStates(stage.warehouse, {
      label: STATE_NAMES.warehouseLoad(task.name),
      statementName: resourceName(pipeline.name, stage, task.name),
      statements: inputs.warehouseLoad,
      stage,
      failure,
    });
  },
  failedState: (task) => `Task ${task.name} failed`,
  budgetSeconds: () => POLL_BUDGET_SECONDS,
};
