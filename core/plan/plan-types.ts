/**
 * The job plan: one Glue job's work as data. The PySpark runner executes it on Glue and the
 * local engine executes it on DuckDB, so both run the same actions with SQL compiled from the same
 * IR. Every step reads the view `step_<i-1>` and registers `step_<i>`; rows are never dropped
 * between steps, they carry their fate in the bookkeeping columns of `PLAN_COLUMNS`.
 *
 * Engines walk `actions`, a small closed set (`PlanAction`), and never look at a step's kind: a
 * new step kind compiles to these actions and runs on every engine unchanged.
 */
import type { CsvOptions } from '../model/csv-options.js';
import type { FileFormat } from '../model/dataset.js';
import type { PiiEntity } from '../model/pii.js';
import type { DataType } from '../sql/data-type.js';

// Defined in the model, which `quality check` reads CSV by too; still a part of the plan's types.
export type { CsvOptions } from '../model/csv-options.js';

export const PLAN_VERSION = 6;

/** The job argument an incremental run is given its dataset's entry of the ingestion state in. */
export const INGESTION_STATE_ARGUMENT = '--lakeline_ingestion_state';

/** Replaced by the run id (the `--run_id` job argument) in every path that holds it. */
export const RUN_ID_PLACEHOLDER = '{run_id}';

/** Bookkeeping columns carried by every view from `step_0` on; never written to processed data. */
export const PLAN_COLUMNS = {
  /** BIGINT, unique per input row: given by the reader, the key rows are joined back on. */
  row: '_lakeline_row',
  /** STRING: the raw text of a record the reader could not parse; NULL for parsed rows. */
  raw: '_lakeline_raw',
  /**
   * STRING: set by the reader beside `raw` when it knows more than "malformed" (the local reader:
   * invalid UTF-8, a record over its size limit); NULL otherwise, and always on Spark.
   */
  rawReason: '_lakeline_raw_reason',
  /** STRING: why the row is rejected, reasons joined by `reasonSeparator`; NULL while it is kept. */
  reasons: '_lakeline_reasons',
  /** BOOLEAN: an older duplicate, counted apart and neither kept nor quarantined. */
  duplicate: '_lakeline_duplicate',
  /** ARRAY<STRING>: in `dq_<i>` views and the rejected rows, the row-level rules a row failed. */
  failedRules: '_lakeline_failed_rules',
  /** A column of the referenced key set in reference checks. */
  referenceKey: '_lakeline_ref_key',
} as const;

export const REASON_SEPARATOR = ';';

/** SQL for each engine that runs plans: Spark SQL on Glue, DuckDB in the simulator. */
export interface EngineSql {
  readonly spark: string;
  readonly duckdb: string;
}

export interface PlanColumn {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
}

export interface PlanInput {
  readonly dataset: string;
  /** `raw`: data as it lands; `processed`: another job's output (Parquet). */
  readonly layer: 'raw' | 'processed';
  /** The dataset's prefix, read recursively. */
  readonly path: string;
  readonly format: FileFormat;
  /**
   * The columns whose values are in the Hive folder names under `path` (`term=2024S/`,
   * `ingestion_date=2024-01-15/`), not in the files: a processed input its producer writes
   * partitioned, or a raw dataset landing in partition folders (`partitionedBy`). Each is one of
   * `columns` (a raw dataset's last), cast from the folder's text to its declared type, which is
   * also the type it is read as; the reader takes `path` as the base path the folders are found
   * under. A CSV header and JSON fields hold the other columns. Empty when the files hold every column.
   */
  readonly partitionBy: readonly string[];
  /** Read incrementally (`PlanIncremental`); null: the files the job bookmark hands the run. */
  readonly incremental: PlanIncremental | null;
  readonly csv: CsvOptions | null;
  /**
   * The columns as read, matched by name against the header: the declared name and the type the
   * reader gives them (STRING for CSV and JSON, the declared type for Parquet), and the declared type.
   */
  readonly columns: readonly {
    readonly name: string;
    readonly type: DataType;
    readonly declaredType: DataType;
  }[];
  /** The Glue job bookmark key of this source. */
  readonly transformationCtx: string;
  /**
   * The view the reader registers: `columns` plus `_lakeline_row` and `_lakeline_raw`. Records that
   * do not parse are rows too, with their raw text in `_lakeline_raw`.
   */
  readonly view: 'input';
}

/**
 * An incremental read. The run is given its dataset's entry of the pipeline's ingestion state
 * (`IngestionMark` as JSON, `{}` or absent before the first run) in `argument`; partitions are
 * named by every partition column's folder value joined by `/`. By `mode`:
 *
 * - `new-partitions` (`highWaterMark`): it reads the files of the partitions the entry does not
 *   list, and of those only the rows whose `column`, cast to `markType`, is past `highWaterMark` —
 *   rows at or before it are not input rows, and the summary counts them as
 *   `ingestion.alreadyIngestedRows`; a row whose value does not cast (or a malformed record) is
 *   read. The output is replaced on the first ingestion (an empty entry) and added to afterwards.
 * - `latest-extract` (`latestExtract`): each partition is a full extract. Of the partitions the
 *   entry does not list it reads only the newest, ordering partitions by their values cast to the
 *   partition columns' declared types (column by column; a value that does not cast orders before
 *   those that do, as text; NULL first), and none when an already listed partition is as new or
 *   newer. Every new partition is recorded as read; those not read are the summary's
 *   `ingestion.partitionsSuperseded`. A run that reads a partition replaces the output; one that
 *   reads none leaves it as it is. No mark column: `column` and `markType` are null.
 *
 * The summary's `ingestion.state` is the entry after the run: partitions read (and superseded)
 * added, the mark the latest value read. The state machine writes it back only when the whole run
 * succeeds.
 */
export interface PlanIncremental {
  readonly mode: IncrementalMode;
  readonly argument: typeof INGESTION_STATE_ARGUMENT;
  /** The mark column (one of `columns`, read as text); null: the partitions alone tell what is new. */
  readonly column: string | null;
  /** The column's declared type, which values and the mark are compared as; null without a column. */
  readonly markType: DataType | null;
}

export type IncrementalMode = 'new-partitions' | 'latest-extract';

/** The processed output of another job, read by a step (referenceCheck, lookup, ReferentialIntegrity rules). */
export interface PlanReference {
  readonly dataset: string;
  readonly job: string;
  readonly view: string;
  readonly path: string;
  readonly format: 'parquet';
  /**
   * The producer's partition columns (`PlanOutput.partitionBy`): values in Hive folder names under
   * `path`. A key among them is cast from the folder's text to its type in `columns`.
   */
  readonly partitionBy: readonly string[];
  /** The columns the steps read, with their types (an empty view is built from them when nothing was written yet). */
  readonly columns: readonly PlanColumn[];
}

/** What the plan says of each step of the job: for reading and lineage; engines run `actions`. */
export interface PlanStep {
  /** 1-based: the step reads `step_<index-1>` and registers `step_<index>`. */
  readonly index: number;
  /** The step kind, as the job declares it. */
  readonly kind: string;
  readonly view: string;
  /** The step node as the job declares it (the JSON Schema of its kind describes it). */
  readonly node: { readonly kind: string };
  /** The data columns of the view this step registers (bookkeeping columns follow them). */
  readonly columns: readonly PlanColumn[];
}

export interface QualityEvaluation {
  readonly ruleset: string;
  /** The ruleset's DQDL in S3: the tree's ruleset file, written beside the plan from the same rules. */
  readonly dqdlPath: string;
  /** Canonical DQDL text of each rule, as in the ruleset file. */
  readonly rowRules: readonly string[];
  readonly datasetRules: readonly string[];
  /** Dataset rules whose failure fails the job. */
  readonly gate: readonly string[];
  /** The rows the row rules judge: the kept rows of the step's input, data columns and `_lakeline_row`. */
  readonly rowInput: EngineSql;
  /**
   * The view the engine registers from the row-level outcomes before running the step's SQL:
   * `_lakeline_row` and `_lakeline_failed_rules` of each row that failed a row rule. NULL when
   * there are no row rules.
   */
  readonly outcomesView: string | null;
  /** The rows the dataset rules judge: the kept rows after the step, data columns only. */
  readonly datasetInput: EngineSql;
  /**
   * The other datasets the dataset rules compare with (ReferentialIntegrity): each alias a rule
   * names, given to Glue's EvaluateDataQuality as an additional data source of that name, and the
   * view a `readReference` action registers it in. Empty when no rule names one.
   */
  readonly references: readonly { readonly alias: string; readonly view: string }[];
  /** Glue Data Quality publishing (CloudWatch metrics and the results in the console). */
  readonly evaluationContext: string;
}

/**
 * What an engine does, in order. `step` names the step an action belongs to (for progress lines
 * and errors); the engine needs nothing else from the step.
 */
export type PlanAction =
  /** Read the raw input into `input` (`PlanInput`); with bookmarks, only the files not yet seen. */
  | { readonly action: 'readInput' }
  /** Read another job's processed output into `reference.view`. */
  | { readonly action: 'readReference'; readonly reference: PlanReference }
  /** Register `view` from `sql`: a view, or a table when its rows are read more than once. */
  | {
      readonly action: 'view';
      readonly view: string;
      /** Views the SQL reads. */
      readonly reads: readonly string[];
      readonly sql: EngineSql;
      readonly step?: number;
    }
  /** One row, one BIGINT column per entity: the personal data a step found, added to the run's findings. */
  | {
      readonly action: 'countFindings';
      readonly step: number;
      readonly entities: readonly PiiEntity[];
      readonly sql: EngineSql;
    }
  /** The row rules of `plan.quality` on `rowInput`; the failing rows registered as `outcomesView`. */
  | {
      readonly action: 'evaluateRows';
      readonly step: number;
      /** The view whose rows the rules judge (`rowInput` reads it). */
      readonly reads: readonly string[];
    }
  /** The dataset rules of `plan.quality` on `datasetInput`. */
  | { readonly action: 'evaluateDataset'; readonly step: number };

export type PlanActionName = PlanAction['action'];

export interface PlanSplit {
  /** The rows to write: output columns only. */
  readonly kept: EngineSql;
  /**
   * The rows to quarantine: the output columns, then `_lakeline_source_<column>` for the input
   * values of the columns that hold no personal data, then reasons, failed rules and raw text.
   */
  readonly rejected: EngineSql;
  /**
   * One row: input_rows (the rows of `step_0`: every row read), output_rows, quarantined_rows,
   * duplicate_rows; for a grain-changing plan also grouped_rows (the kept rows of the view before
   * its grain-changing step) and quarantined_groups (rejected rows with a negative `_lakeline_row`).
   */
  readonly counts: EngineSql;
  readonly reasonSeparator: string;
}

/**
 * How the run accounts for its rows. `rowPreserving`: every row read is written, quarantined or a
 * duplicate. `grainChanging`: from `step` on (1-based, the first step whose kind changes the
 * grain) the rows are groups, and the counts say how many rows were grouped and groups quarantined.
 */
export type PlanAccounting =
  | { readonly kind: 'rowPreserving' }
  | { readonly kind: 'grainChanging'; readonly step: number };

export interface PlanOutput {
  readonly dataset: string;
  readonly path: string;
  readonly format: 'parquet';
  readonly compression: 'snappy';
  readonly partitionBy: readonly string[];
  /** Each run adds its rows: bookmarks hand every run only new files. */
  readonly mode: 'append';
  readonly columns: readonly PlanColumn[];
  /** The catalog database the processed crawler fills. */
  readonly database: string;
  /** A CSV copy of the written rows for a warehouse that imports CSV (PostgreSQL's aws_s3 import); null when none. */
  readonly export: PlanExport | null;
}

/**
 * The written rows again as CSV that PostgreSQL's `COPY … (FORMAT csv, HEADER true)` (and
 * `aws_s3.table_import_from_s3` with those options, one object per call) reads back to the same
 * values: a header line, `,` between fields, `"` around a field holding a delimiter, quote, line
 * break or leading/trailing blank, a quote inside a value doubled, NULL an empty unquoted field and
 * the empty string `""`; dates `yyyy-MM-dd`, timestamps `yyyy-MM-dd HH:mm:ss.SSSSSS` (no zone),
 * decimals in plain notation, booleans `true`/`false`, UTF-8.
 */
export interface PlanExport {
  readonly format: 'csv';
  /** A prefix (s3://…/ ending in /), beside the output's; each run adds its files (`*.csv`) as the Parquet output does. */
  readonly path: string;
  /** The columns in file order: the output columns, partition columns included (the CSV files are not partitioned). */
  readonly columns: readonly string[];
}

export interface PlanQuarantine {
  /** JSON lines, one record per rejected row, under a run's own prefix. */
  readonly path: string;
  readonly format: 'json';
  readonly record: {
    /** Output columns: the row as processed (personal data already treated). */
    readonly row: readonly string[];
    /** Input values by column, for the columns that hold no personal data: `as` is the SQL alias. */
    readonly source: readonly { readonly column: string; readonly as: string }[];
    readonly reasons: string;
    /** NULL when the job has no row rules. */
    readonly failedRules: string | null;
    readonly raw: string;
  };
}

export interface JobPlan {
  readonly planVersion: typeof PLAN_VERSION;
  readonly pipeline: string;
  readonly stage: string;
  readonly job: string;
  readonly glueJobName: string;
  readonly runId: { readonly argument: '--run_id'; readonly placeholder: typeof RUN_ID_PLACEHOLDER };
  /** Session settings the SQL relies on. */
  readonly engines: { readonly spark: { readonly conf: Readonly<Record<string, string>> } };
  readonly columns: typeof PLAN_COLUMNS;
  readonly input: PlanInput;
  readonly references: readonly PlanReference[];
  readonly steps: readonly PlanStep[];
  readonly actions: readonly PlanAction[];
  readonly accounting: PlanAccounting;
  /** The job's data-quality evaluation (at most one ruleset per job); NULL without a quality step. */
  readonly quality: QualityEvaluation | null;
  readonly split: PlanSplit;
  readonly output: PlanOutput;
  readonly quarantine: PlanQuarantine;
  /** Where the run's DQ results go (quality layer); NULL when the job has no quality step. */
  readonly qualityResults: { readonly path: string } | null;
  readonly runSummary: { readonly bucket: string; readonly key: string; readonly uri: string };
}
