/** Lake Formation: who may read which catalog tables, which columns, which rows. */
import type { ProcessedDataset } from './dataset.js';
import type { RowFilter } from './warehouse.js';

export type LakePermission = 'SELECT' | 'DESCRIBE' | 'ALTER' | 'INSERT' | 'DELETE' | 'DROP';

/** An IAM role by name; its ARN is completed with the stage's account at synth time. */
export interface Principal {
  readonly kind: 'principal';
  readonly roleName: string;
}

export const principal = (roleName: string): Principal => Object.freeze({ kind: 'principal', roleName });

export interface LakeGrant {
  readonly kind: 'lakeGrant';
  readonly principal: Principal;
  readonly dataset: ProcessedDataset;
  readonly permissions: readonly LakePermission[];
  /** Only these columns; mutually exclusive with `excludeColumns`. */
  readonly columns?: readonly string[];
  readonly excludeColumns?: readonly string[];
  /** Rows visible through a data-cells filter. */
  readonly rowFilter?: RowFilter;
  /**
   * The principal may read personal data kept in clear (detectPii's `GOVERN`); without it, a grant
   * must exclude such columns.
   */
  readonly clearPii?: boolean;
}

export const lakeGrant = (spec: Omit<LakeGrant, 'kind'>): LakeGrant =>
  Object.freeze({ kind: 'lakeGrant', ...spec });

export interface Governance {
  readonly kind: 'governance';
  /** Principals that administer the processed database (the deploy role, typically). */
  readonly admins: readonly Principal[];
  readonly grants: readonly LakeGrant[];
}

export const governance = (spec: Omit<Governance, 'kind'>): Governance =>
  Object.freeze({ kind: 'governance', ...spec });
