/**
 * Personal data a job keeps in clear (detectPii's `GOVERN`) may reach only the readers entitled to
 * it: in the warehouse, read-write roles; every read-only role that can read such a column must
 * read it masked. On the lake, every Lake Formation grant on the dataset must exclude it, unless
 * the grant says its principal reads personal data in clear (`clearPii: true`). The columns are
 * followed through the warehouse: a dimension's, fact's or mart's column loaded from a governed
 * column is governed.
 */
import type { Report } from '../steps/index.js';
import { datasetKey, type ProcessedDataset } from './dataset.js';
import type { PiiEntity } from './pii.js';
import type { Pipeline } from './pipeline.js';
import { jobOutputSchema } from './schema.js';
import { loadedColumnsOf, warehouseTablesOf } from './warehouse.js';

type Governed = ReadonlyMap<string, PiiEntity>;

/** Per job output, its governed columns and what they hold. */
function governedOutputs(pipeline: Pipeline): Map<string, Governed> {
  return new Map(
    pipeline.jobs.map((j) => [
      datasetKey(j.output),
      new Map(jobOutputSchema(j).flatMap((c) => (c.governed === undefined ? [] : [[c.name, c.governed]]))),
    ]),
  );
}

export function validateGovernedPii(pipeline: Pipeline, report: Report): void {
  const outputs = governedOutputs(pipeline);
  const none: Governed = new Map();
  const governedOf = (dataset: ProcessedDataset): Governed => outputs.get(datasetKey(dataset)) ?? none;

  const tables = new Map(
    (pipeline.warehouse === undefined ? [] : warehouseTablesOf(pipeline.warehouse)).map((t) => {
      const governed = governedOf(t.source);
      const held = loadedColumnsOf(t).flatMap((c) => {
        const entity = governed.get(c.source);
        return entity === undefined ? [] : [[c.name, entity] as const];
      });
      return [t.name, new Map(held)];
    }),
  );
  for (const role of pipeline.warehouse?.roles ?? []) {
    if (role.mode === 'read-write') continue;
    role.tables.forEach((a, i) => {
      for (const [column, entity] of tables.get(a.table) ?? []) {
        const readable = a.columns === undefined || a.columns.includes(column);
        if (!readable || a.masks?.[column] !== undefined) continue;
        report(
          ['warehouse', 'roles', role.name, `tables[${i}]`, 'masks'],
          `${a.table}.${column} holds ${entity} in clear (detectPii GOVERN), and read-only role ${role.name} would read it unmasked`,
          `mask it (masks: { ${column}: 'partial' }, or 'email', 'hash', 'full'), or leave it out of columns`,
        );
      }
    });
  }

  pipeline.governance?.grants.forEach((g, i) => {
    if (g.clearPii === true) return;
    for (const [column, entity] of governedOf(g.dataset)) {
      const visible =
        g.columns !== undefined ? g.columns.includes(column) : !g.excludeColumns?.includes(column);
      if (!visible) continue;
      report(
        ['governance', `grants[${i}]`, g.columns !== undefined ? 'columns' : 'excludeColumns'],
        `${g.dataset.name}.${column} holds ${entity} in clear (detectPii GOVERN), and ${g.principal.roleName} would read it`,
        `exclude it (excludeColumns: ['${column}']), or set clearPii: true if ${g.principal.roleName} may read personal data in clear`,
      );
    }
  });
}
