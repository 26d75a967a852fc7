/**
 * Every check on a pipeline definition. Each problem becomes a PipelineDefinitionError naming the
 * path to the field at fault and how to fix it; all problems are collected in one pass.
 */
import { PipelineDefinitionError } from '../errors.js';
import { checkColumn, isSnakeCase, listed, type Report } from '../steps/index.js';
import { targetKindOf } from '../targets/index.js';
import { taskGraph } from '../tasks/task-graph.js';
import { KEBAB } from '../tasks/task-kind.js';
import { TASK_KINDS, type Task, taskKindOf } from '../tasks/task-kinds.js';
import { datasetKey, type RawDataset } from './dataset.js';
import { historyColumnNames } from './history.js';
import { PARTITION_TYPES } from './incremental.js';
import type { Pipeline } from './pipeline.js';
import { jobOutputSchema, type SchemaColumn } from './schema.js';
import type { Stage } from './stage.js';
import { validateAccessMappings, validateLakeRowFilter } from './validate-access.js';
import { validateGovernedPii } from './validate-governed-pii.js';
import { validateHistory, validateLookupTime } from './validate-history.js';
import { validateLatestBy, validateMart, validateTableNames } from './validate-tables.js';
import { loadedColumnsOf } from './warehouse.js';

function checkUnique(items: readonly { name: string }[], path: string, what: string, report: Report): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) {
      report(
        [`${path}[${i}]`, 'name'],
        `duplicate ${what} name "${item.name}"`,
        `give each ${what} its own name`,
      );
    }
    seen.add(item.name);
  });
}

/** Each task by its kind, names unique within a kind, `after` within the pipeline, the warehouse loaded. */
function validateTasks(pipeline: Pipeline, report: Report): void {
  for (const kind of Object.values(TASK_KINDS)) {
    const ofKind = pipeline.tasks.filter((t) => t.kind === kind.kind);
    checkUnique(
      ofKind,
      kind.section,
      // A section names its tasks in the plural: `jobs` → a duplicate job name.
      kind.section.replace(/s$/, ''),
      report,
    );
  }
  for (const task of pipeline.tasks) {
    const kind = taskKindOf(task);
    const path = [kind.section, task.name];
    if (!KEBAB.test(task.name))
      report([...path, 'name'], `"${task.name}" is not kebab-case`, 'use lower-case words joined by -');
    (kind.validate as (ctx: { pipeline: Pipeline; node: Task; path: string[]; report: Report }) => void)({
      pipeline,
      node: task,
      path,
      report,
    });
    task.after.forEach((a, i) => {
      if (!pipeline.tasks.includes(a as Task)) {
        report(
          [...path, `after[${i}]`],
          `"${a.name}" is not a task of this pipeline`,
          'add it to `tasks`, or drop it from `after`',
        );
      }
    });
  }
  try {
    taskGraph(pipeline);
  } catch (e) {
    if (!(e instanceof PipelineDefinitionError)) throw e;
    report(e.path, e.problem, e.fix);
  }
  if (pipeline.warehouse !== undefined && !pipeline.tasks.some((t) => t.kind === 'warehouseLoad')) {
    report(['tasks'], 'the warehouse is never loaded', 'add a warehouseLoad() task');
  }
}

function validateWarehouse(pipeline: Pipeline, report: Report): void {
  const wh = pipeline.warehouse;
  if (wh === undefined) return;
  const outputs = new Map(pipeline.jobs.map((j) => [datasetKey(j.output), jobOutputSchema(j)]));
  const tables = new Map<string, string[]>();
  if (!isSnakeCase(wh.schema))
    report(['warehouse', 'schema'], `"${wh.schema}" is not a valid schema name`, 'use snake_case');
  validateTableNames(wh, report);
  const sourceSchema = (
    source: (typeof wh.dimensions)[number]['source'],
    path: string[],
  ): readonly SchemaColumn[] | undefined => {
    const schema = outputs.get(datasetKey(source));
    if (schema === undefined) {
      report(path, `"${source.name}" is the output of no job`, 'load from a job output (job.output)');
    }
    return schema;
  };
  wh.dimensions.forEach((d) => {
    const base = ['warehouse', 'dimensions', d.name];
    const schema = sourceSchema(d.source, [...base, 'source']);
    const cols = loadedColumnsOf(d);
    if (schema !== undefined) {
      cols.forEach((c) =>
        checkColumn(schema, c.source, [...base, c.name, 'source'], `in ${d.source.name}`, report),
      );
    }
    validateHistory(d, schema, base, report);
    validateLatestBy(d, schema, report);
    const history = d.history === undefined ? [] : historyColumnNames(d.history);
    tables.set(d.name, [d.surrogateKey, ...cols.map((c) => c.name), ...history]);
  });
  const dims = new Map(wh.dimensions.map((d) => [d.name, d]));
  wh.facts.forEach((f) => {
    const base = ['warehouse', 'facts', f.name];
    const schema = sourceSchema(f.source, [...base, 'source']);
    const cols = loadedColumnsOf(f);
    if (schema !== undefined) {
      cols.forEach((c) =>
        checkColumn(schema, c.source, [...base, c.name, 'source'], `in ${f.source.name}`, report),
      );
    }
    f.foreignKeys.forEach((k, i) => {
      const p = [...base, `foreignKeys[${i}]`];
      if (!dims.has(k.dimension)) {
        report(
          [...p, 'dimension'],
          `references no dimension "${k.dimension}"`,
          `use one of: ${listed(dims.keys())}`,
        );
      }
      if (schema !== undefined)
        checkColumn(schema, k.source, [...p, 'source'], `in ${f.source.name}`, report);
      validateLookupTime(k, dims.get(k.dimension), schema, p, `in ${f.source.name}`, report);
    });
    validateLatestBy(f, schema, report);
    tables.set(f.name, [...cols.map((c) => c.name), ...f.foreignKeys.map((k) => k.name)]);
    if (f.distKey !== undefined && !tables.get(f.name)!.includes(f.distKey)) {
      report(
        [...base, 'distKey'],
        `unknown column "${f.distKey}"`,
        `use one of: ${listed(tables.get(f.name)!)}`,
      );
    }
  });
  wh.marts.forEach((m) => {
    tables.set(
      m.name,
      validateMart(m, sourceSchema(m.source, ['warehouse', 'marts', m.name, 'source']), report),
    );
  });
  validateAccessMappings(wh, [...tables.keys()], report);
  checkUnique(wh.roles, 'warehouse.roles', 'role', report);
  wh.roles.forEach((r) => {
    const base = ['warehouse', 'roles', r.name];
    if (!isSnakeCase(r.name))
      report([...base, 'name'], `"${r.name}" is not a valid role name`, 'use snake_case');
    r.tables.forEach((a, i) => {
      const p = [...base, `tables[${i}]`];
      const cols = tables.get(a.table);
      if (cols === undefined) {
        report([...p, 'table'], `unknown table "${a.table}"`, `use one of: ${listed(tables.keys())}`);
        return;
      }
      const check = (c: string, field: string) => {
        if (!cols.includes(c))
          report([...p, field], `unknown column "${c}" in ${a.table}`, `use one of: ${listed(cols)}`);
      };
      a.columns?.forEach((c) => check(c, 'columns'));
      if (a.rowFilter !== undefined) check(a.rowFilter.column, 'rowFilter');
      for (const c of Object.keys(a.masks ?? {})) check(c, 'masks');
      if (a.masks !== undefined && a.columns !== undefined) {
        for (const c of Object.keys(a.masks)) {
          if (!a.columns.includes(c)) {
            report(
              [...p, 'masks', c],
              `column "${c}" is masked but not among the columns the role may read`,
              'add it to columns or drop the mask',
            );
          }
        }
      }
    });
  });
}

function validateGovernance(pipeline: Pipeline, report: Report): void {
  const gov = pipeline.governance;
  if (gov === undefined) return;
  const outputs = new Map(pipeline.jobs.map((j) => [datasetKey(j.output), jobOutputSchema(j)]));
  gov.grants.forEach((g, i) => {
    const base = ['governance', `grants[${i}]`];
    const schema = outputs.get(datasetKey(g.dataset));
    if (schema === undefined) {
      report([...base, 'dataset'], `"${g.dataset.name}" is the output of no job`, 'grant on a job output');
      return;
    }
    if (g.columns !== undefined && g.excludeColumns !== undefined) {
      report([...base], 'both columns and excludeColumns are set', 'keep one of them');
    }
    g.columns?.forEach((c, j) =>
      checkColumn(schema, c, [...base, `columns[${j}]`], `in ${g.dataset.name}`, report),
    );
    g.excludeColumns?.forEach((c, j) =>
      checkColumn(schema, c, [...base, `excludeColumns[${j}]`], `in ${g.dataset.name}`, report),
    );
    if (g.rowFilter !== undefined) {
      checkColumn(schema, g.rowFilter.column, [...base, 'rowFilter'], `in ${g.dataset.name}`, report);
      validateLakeRowFilter(g, g.rowFilter, base, report);
    }
    if (g.permissions.length === 0)
      report([...base, 'permissions'], 'no permissions', 'grant at least SELECT');
  });
}

export function validateStage(s: Stage, path: readonly string[], report: Report): void {
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(s.name)) {
    report(
      [...path, 'name'],
      `"${s.name}" is not a valid stage name`,
      'use 1–16 lower-case letters, digits or -',
    );
  }
  if (!/^\d{12}$/.test(s.account))
    report([...path, 'account'], `"${s.account}" is not a 12-digit AWS account id`, 'use the account id');
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(s.region)) {
    report([...path, 'region'], `"${s.region}" is not an AWS region`, 'use a region such as eu-west-1');
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s.bucket)) {
    report(
      [...path, 'bucket'],
      `"${s.bucket}" is not a valid S3 bucket name`,
      'use 3–63 lower-case letters, digits, . or -',
    );
  }
  (targetKindOf(s.warehouse).validate as (t: typeof s.warehouse, p: readonly string[], r: Report) => void)(
    s.warehouse,
    [...path, 'warehouse'],
    report,
  );
  s.subscriptions.forEach((sub, i) => {
    if (sub.protocol === 'email' && !/^[^@\s]+@[^@\s]+$/.test(sub.endpoint)) {
      report([...path, `subscriptions[${i}]`], `"${sub.endpoint}" is not an email address`, 'use an address');
    }
  });
}

/** A raw dataset's partition folders: names a Hive folder can carry, types its text casts to, none a file column. */
function validatePartitions(d: RawDataset, base: readonly string[], report: Report): void {
  checkUnique(d.partitionedBy, `datasets.${d.name}.partitionedBy`, 'partition column', report);
  d.partitionedBy.forEach((p, i) => {
    const path = [...base, `partitionedBy[${i}]`];
    if (!isSnakeCase(p.name) || p.name.startsWith('_lakeline_'))
      report(
        path,
        `"${p.name}" is not a valid partition column name`,
        'use a snake_case name like ingestion_date',
      );
    if (d.columns.some((c) => c.name === p.name)) {
      report(
        path,
        `"${p.name}" is both a column of the files and a partition folder`,
        'declare it once: in `columns` when the files hold it, in `partitionedBy` when only the folder names do',
      );
    }
    if (!PARTITION_TYPES.includes(p.type.kind)) {
      report(
        path,
        `a partition column of type ${p.type.kind} is not supported`,
        `use one of ${PARTITION_TYPES.join(', ')} (folder names are text cast to the type)`,
      );
    }
  });
  if (d.partitionedBy.length > 0 && d.format === 'parquet') {
    report(
      [...base, 'partitionedBy'],
      'partition folders are read for raw CSV and JSON only',
      'land Parquet unpartitioned, or as the output of a job',
    );
  }
}

export function validatePipeline(pipeline: Pipeline): PipelineDefinitionError[] {
  const errors: PipelineDefinitionError[] = [];
  const report: Report = (path, problem, fix) =>
    errors.push(new PipelineDefinitionError(pipeline.name, path, problem, fix));
  if (!KEBAB.test(pipeline.name))
    report(['name'], `"${pipeline.name}" is not kebab-case`, 'use lower-case words joined by -');

  checkUnique(pipeline.datasets, 'datasets', 'dataset', report);
  pipeline.datasets.forEach((d) => {
    const base = ['datasets', d.name];
    if (!isSnakeCase(d.name))
      report([...base, 'name'], `"${d.name}" is not a valid dataset name`, 'use snake_case');
    if (!d.prefix.endsWith('/') || d.prefix.startsWith('/')) {
      report([...base, 'prefix'], `"${d.prefix}" must be a relative prefix ending in /`, `use "${d.name}/"`);
    }
    checkUnique(d.columns, `datasets.${d.name}.columns`, 'column', report);
    if (d.columns.length === 0)
      report([...base, 'columns'], 'no columns', 'declare the columns of the files');
    validatePartitions(d, base, report);
  });

  validateTasks(pipeline, report);
  checkUnique(
    pipeline.jobs.map((j) => j.output),
    'jobs.output',
    'processed dataset',
    report,
  );

  validateWarehouse(pipeline, report);
  validateGovernance(pipeline, report);
  validateGovernedPii(pipeline, report);

  checkUnique(pipeline.stages, 'stages', 'stage', report);
  if (!pipeline.stages.some((s) => s.name === 'local')) {
    report(['stages'], 'there is no `local` stage', 'add LOCAL_STAGE so the pipeline can be simulated');
  }
  pipeline.stages.forEach((s) => validateStage(s, ['stages', s.name], report));
  return errors;
}
