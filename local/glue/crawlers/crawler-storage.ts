/**
 * How a crawled format is described in the catalog, as Glue's crawlers write it: the input and
 * output formats and SerDe of each format, and the table parameters (classification, the CSV
 * dialect, the crawl's object, record and size counts).
 */
import type { Column, SerDeInfo, StorageDescriptor } from '../catalog/catalog-types.js';
import { CLASSIFICATION, type FileFormat, type FormatKind } from './crawler-file-schema.js';
import { type HiveField, renderHiveType } from './crawler-hive-type.js';
import type { Stats } from './crawler-plan.js';

const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

interface FormatDescription {
  readonly InputFormat?: string;
  readonly OutputFormat?: string;
  readonly SerdeInfo: SerDeInfo;
  readonly parameters: Readonly<Record<string, string>>;
}

type Describe<K extends FormatKind> = (
  format: Extract<FileFormat, { kind: K }>,
  columns: readonly Column[],
) => FormatDescription;

const DESCRIBE: { readonly [K in FormatKind]: Describe<K> } = {
  csv: (format) => ({
    InputFormat: TEXT_INPUT,
    OutputFormat: TEXT_OUTPUT,
    SerdeInfo:
      format.serde === 'OpenCSVSerDe'
        ? {
            SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
            Parameters: { quoteChar: format.quote, separatorChar: format.delimiter },
          }
        : {
            SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
            Parameters: { 'field.delim': format.delimiter },
          },
    parameters: {
      areColumnsQuoted: String(format.serde === 'OpenCSVSerDe'),
      columnsOrdered: 'true',
      delimiter: format.delimiter,
      ...(format.header ? { 'skip.header.line.count': '1' } : {}),
    },
  }),
  json: (_format, columns) => ({
    InputFormat: TEXT_INPUT,
    OutputFormat: TEXT_OUTPUT,
    SerdeInfo: {
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      Parameters: { paths: columns.map((c) => c.Name).join(',') },
    },
    parameters: {},
  }),
  parquet: () => ({
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: {
      SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      Parameters: { 'serialization.format': '1' },
    },
    parameters: {},
  }),
  unknown: () => ({ SerdeInfo: { Parameters: {} }, parameters: {} }),
};

function describe(format: FileFormat, columns: readonly Column[]): FormatDescription {
  return (DESCRIBE[format.kind] as Describe<FormatKind>)(format as never, columns);
}

export const toColumns = (fields: readonly HiveField[]): Column[] =>
  fields.map((f) => ({ Name: f.name, Type: renderHiveType(f.type) }));

/** The parameters Glue sets on a crawled table or partition (and on its storage descriptor). */
export function crawlParameters(
  format: FileFormat,
  columns: readonly Column[],
  stats: Stats,
  crawler: string,
): Record<string, string> {
  return {
    CrawlerSchemaDeserializerVersion: '1.0',
    CrawlerSchemaSerializerVersion: '1.0',
    UPDATED_BY_CRAWLER: crawler,
    averageRecordSize: String(stats.records === 0 ? 0 : Math.round(stats.bytes / stats.records)),
    classification: CLASSIFICATION[format.kind],
    compressionType: 'none',
    objectCount: String(stats.objects),
    recordCount: String(stats.records),
    sizeKey: String(stats.bytes),
    typeOfData: 'file',
    ...describe(format, columns).parameters,
  };
}

export function storageDescriptor(
  format: FileFormat,
  columns: readonly Column[],
  location: string,
  parameters: Readonly<Record<string, string>>,
): StorageDescriptor {
  const { InputFormat, OutputFormat, SerdeInfo } = describe(format, columns);
  return {
    Columns: columns,
    Location: location,
    ...(InputFormat === undefined ? {} : { InputFormat }),
    ...(OutputFormat === undefined ? {} : { OutputFormat }),
    Compressed: false,
    NumberOfBuckets: -1,
    SerdeInfo,
    BucketColumns: [],
    SortColumns: [],
    Parameters: parameters,
    StoredAsSubDirectories: false,
  };
}
