/**
 * Loads the pipeline's warehouse (its star schema, `warehouse`) from the processed datasets its
 * tables are built from: the stage's warehouse target runs the load statements.
 */
import type { DatasetRef } from '../model/dataset.js';
import { warehouseTablesOf } from '../model/warehouse.js';
import { afterOf, none, type TaskKind, type TaskNode } from './task-kind.js';

export interface WarehouseLoad extends TaskNode {
  readonly kind: 'warehouseLoad';
}

export const warehouseLoad = (spec: { name?: string; after?: readonly TaskNode[] } = {}): WarehouseLoad =>
  Object.freeze({ kind: 'warehouseLoad', name: spec.name ?? 'warehouse-load', after: afterOf(spec.after) });

export const warehouseLoadKind: TaskKind<WarehouseLoad> = {
  kind: 'warehouseLoad',
  section: 'tasks',
  reads: (_, pipeline): readonly DatasetRef[] => {
    const wh = pipeline.warehouse;
    return wh === undefined ? [] : warehouseTablesOf(wh).map((t) => t.source);
  },
  writes: none,
  catalogs: none,
  validate: ({ pipeline, path, report }) => {
    if (pipeline.warehouse === undefined) {
      report(
        path,
        'the pipeline has no warehouse to load',
        'declare `warehouse`, or drop the warehouseLoad task',
      );
    }
  },
};
