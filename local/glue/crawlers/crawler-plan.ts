/**
 * From classified files to the tables a crawl will write: one table per table folder, named after
 * the folder (with the crawler's TablePrefix); its columns are the merge of its files' columns;
 * folders between the table folder and the files are partitions (`key=value` folders give the
 * key its name, other folders are `partition_<i>`). Without a fixed table level, a folder whose
 * files have different formats is split into a table per sub-folder (or per file), as Glue does
 * when schemas are not compatible.
 */
import { createHash } from 'node:crypto';
import type { FileFormat, FileSchema, FormatKind } from './crawler-file-schema.js';
import { type HiveField, mergeFields } from './crawler-hive-type.js';
import { type CrawledObject, folderUri } from './crawler-layout.js';

export interface ClassifiedObject extends CrawledObject {
  readonly schema: FileSchema;
}

export interface Stats {
  readonly objects: number;
  readonly records: number;
  readonly bytes: number;
}

export interface PartitionPlan {
  readonly values: readonly string[];
  readonly location: string;
  readonly format: FileFormat;
  readonly columns: readonly HiveField[];
  readonly stats: Stats;
}

export interface TablePlan {
  readonly name: string;
  readonly location: string;
  readonly format: FileFormat;
  readonly columns: readonly HiveField[];
  readonly partitionKeys: readonly string[];
  readonly partitions: readonly PartitionPlan[];
  readonly stats: Stats;
}

export interface PlanOptions {
  readonly tablePrefix?: string;
  readonly tableLevel?: number;
  readonly log: (message: string) => void;
}

interface Group {
  readonly bucket: string;
  readonly root: readonly string[];
  readonly name: string;
  readonly objects: readonly ClassifiedObject[];
  /** A table of one file is located at the file, as Glue locates it. */
  readonly location?: string;
}

/** Table names as the local catalog keeps them: lowercase letters, digits and underscores. */
export const tableName = (prefix: string, name: string): string =>
  `${prefix}${name}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');

const segmentsOf = (key: string): string[] => key.split('/').filter((s) => s !== '');
const fileName = (key: string): string => key.slice(key.lastIndexOf('/') + 1);
const HIVE_FOLDER = /^([^=]+)=(.*)$/;

const statsOf = (objects: readonly ClassifiedObject[]): Stats => ({
  objects: objects.length,
  records: objects.reduce((n, o) => n + o.schema.records, 0),
  bytes: objects.reduce((n, o) => n + o.size, 0),
});

function mergeFormats(formats: readonly FileFormat[]): FileFormat {
  const first = formats[0]!;
  if (first.kind !== 'csv') return first;
  const csv = formats.filter((f): f is Extract<FileFormat, { kind: 'csv' }> => f.kind === 'csv');
  return {
    ...first,
    header: csv.some((f) => f.header),
    serde: csv.some((f) => f.serde === 'OpenCSVSerDe') ? 'OpenCSVSerDe' : first.serde,
  };
}

const mergeColumns = (objects: readonly ClassifiedObject[]): HiveField[] =>
  objects.reduce<HiveField[]>((fields, o) => mergeFields(fields, o.schema.columns), []);

/** The format most files have; ties go to the format of the first file in key order. */
function majorityKind(objects: readonly ClassifiedObject[]): FormatKind {
  const counts = new Map<FormatKind, number>();
  for (const o of objects) counts.set(o.schema.format.kind, (counts.get(o.schema.format.kind) ?? 0) + 1);
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/** Sub-groups of a folder whose files disagree on format: one per sub-folder, one per file beside them. */
function splitByChild(group: Group): Group[] {
  const children = new Map<string, ClassifiedObject[]>();
  for (const o of group.objects) {
    const child = segmentsOf(o.key)[group.root.length]!;
    children.set(child, [...(children.get(child) ?? []), o]);
  }
  return [...children].map(([child, objects]) => {
    const isFile = objects.length === 1 && segmentsOf(objects[0]!.key).length === group.root.length + 1;
    return isFile
      ? {
          bucket: group.bucket,
          root: group.root,
          name: fileName(child),
          objects,
          location: `s3://${group.bucket}/${objects[0]!.key}`,
        }
      : { bucket: group.bucket, root: [...group.root, child], name: child, objects };
  });
}

function buildTable(group: Group, prefix: string, log: (message: string) => void): TablePlan {
  const relative = group.objects.map((o) => segmentsOf(o.key).slice(group.root.length, -1));
  const depth = Math.min(...relative.map((r) => r.length));
  const keys = Array.from({ length: depth }, (_, i) => {
    const names = new Set(relative.map((r) => HIVE_FOLDER.exec(r[i]!)?.[1]?.toLowerCase() ?? ''));
    const [only] = names;
    return names.size === 1 && only !== '' ? only! : `partition_${i}`;
  });
  const partitionValue = (segment: string, i: number): string =>
    keys[i] === `partition_${i}` ? segment : (HIVE_FOLDER.exec(segment)?.[2] ?? segment);

  const byPartition = new Map<string, { values: string[]; folders: string[]; objects: ClassifiedObject[] }>();
  group.objects.forEach((o, index) => {
    const folders = relative[index]!.slice(0, depth);
    const id = folders.join('/');
    const entry = byPartition.get(id) ?? { values: folders.map(partitionValue), folders, objects: [] };
    entry.objects.push(o);
    byPartition.set(id, entry);
  });

  const withoutKeys = (fields: readonly HiveField[]) => fields.filter((f) => !keys.includes(f.name));
  const columns = mergeColumns(group.objects);
  for (const clash of columns.filter((f) => keys.includes(f.name))) {
    log(`Column ${clash.name} of table ${group.name} is also a partition key; the partition key is kept`);
  }
  const name = tableName(prefix, group.name);
  return {
    name,
    location: group.location ?? folderUri(group.bucket, group.root),
    format: mergeFormats(group.objects.map((o) => o.schema.format)),
    columns: withoutKeys(columns),
    partitionKeys: keys,
    partitions:
      depth === 0
        ? []
        : [...byPartition.values()].map((p) => ({
            values: p.values,
            location: folderUri(group.bucket, [...group.root, ...p.folders]),
            format: mergeFormats(p.objects.map((o) => o.schema.format)),
            columns: withoutKeys(mergeColumns(p.objects)),
            stats: statsOf(p.objects),
          })),
    stats: statsOf(group.objects),
  };
}

function planGroup(group: Group, options: PlanOptions, maySplit: boolean): TablePlan[] {
  const known = group.objects.filter((o) => o.schema.format.kind !== 'unknown');
  if (known.length === 0) return [buildTable(group, options.tablePrefix ?? '', options.log)];
  for (const o of group.objects.filter((x) => x.schema.format.kind === 'unknown')) {
    options.log(
      `s3://${o.bucket}/${o.key} was not recognized by any classifier; it is left out of its table`,
    );
  }
  const kinds = new Set(known.map((o) => o.schema.format.kind));
  if (kinds.size > 1 && maySplit) {
    return splitByChild({ ...group, objects: known }).flatMap((g) => planGroup(g, options, false));
  }
  const kind = majorityKind(known);
  for (const o of known.filter((x) => x.schema.format.kind !== kind)) {
    options.log(
      `s3://${o.bucket}/${o.key} is ${o.schema.format.kind}, not ${kind} like its table; it is left out`,
    );
  }
  return [
    buildTable(
      { ...group, objects: known.filter((o) => o.schema.format.kind === kind) },
      options.tablePrefix ?? '',
      options.log,
    ),
  ];
}

export function planTables(
  folders: readonly {
    readonly bucket: string;
    readonly root: readonly string[];
    readonly objects: readonly ClassifiedObject[];
  }[],
  options: PlanOptions,
): TablePlan[] {
  const plans = folders
    .filter((f) => f.objects.length > 0)
    .flatMap((f) =>
      planGroup({ ...f, name: f.root.at(-1) ?? f.bucket }, options, options.tableLevel === undefined),
    );
  // Two folders of the same name: the later one gets a suffix from its location, as Glue does.
  const seen = new Set<string>();
  return plans.map((p) => {
    if (!seen.has(p.name)) {
      seen.add(p.name);
      return p;
    }
    const unique = `${p.name}_${createHash('sha256').update(p.location).digest('hex').slice(0, 8)}`;
    seen.add(unique);
    return { ...p, name: unique };
  });
}
