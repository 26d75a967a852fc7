/**
 * What a warehouse target kind says about itself in the model. A stage names the warehouse its
 * pipelines load (`stage({ warehouse: redshiftServerless({…}) })`); each kind is one module in
 * `core/targets/` exporting its node type, factories and a `TargetKind`: the SQL dialect its
 * statements are rendered in, its validation, and the document deploy sends its SQL to
 * (`redshift/target.json`). How its load runs in the state machine lives in
 * `state-machines/targets/`, how deploy applies its set-up in `deploy/resources/`, and the
 * simulator serves the API it is reached through.
 */
import type { Report } from '../steps/step-kind.js';

export interface TargetNode {
  readonly kind: string;
}

export type TargetDialect = 'redshift' | 'postgres';

export interface TargetKind<T extends TargetNode> {
  readonly kind: T['kind'];
  readonly dialect: TargetDialect;
  /**
   * What its load reads from the processed layer: `parquet` (Redshift's COPY and Spectrum read the
   * job's output) or `csv` (the job also writes a CSV export, `JobPlan.output.export`).
   */
  readonly reads: 'parquet' | 'csv';
  /** Problems of the target, reported under `path` (`stages › <stage> › warehouse`). */
  readonly validate: (target: T, path: readonly string[], report: Report) => void;
  /** Where deploy runs the set-up SQL: the API's target fields (secrets by ARN only). */
  readonly apiTarget: (target: T) => Readonly<Record<string, string>>;
}

/** One statement of a warehouse load, compiled in the target's dialect. */
export interface LoadStatement {
  readonly sql: string;
  /** What it does, for people: `merge into edu.student_dim`, `import into edu_staging.students`. */
  readonly label: string;
  /**
   * The part of the load it belongs to (0: the staging tables; then one per dimension, fact and
   * mart, in load order). A loader that cannot send the whole load as one transaction (Redshift's
   * batch takes 40 statements) sends consecutive parts together, and never splits a part.
   */
  readonly part: number;
  /**
   * Set for a statement that runs once per object under a prefix (a PostgreSQL target's import
   * of one CSV file), the object's key given as the named parameter `keyParameter`; only objects
   * whose keys end in `suffix` (marker files such as `_SUCCESS` are skipped).
   */
  readonly perObject?: {
    readonly bucket: string;
    readonly prefix: string;
    readonly keyParameter: string;
    readonly suffix: string;
  };
}
