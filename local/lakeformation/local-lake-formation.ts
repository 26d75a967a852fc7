/**
 * Lake Formation, locally: the permissions granted to principals on catalog resources, and the
 * data cells filters, in memory. This is a record of grants, not an enforcer: the local Glue jobs,
 * crawlers and warehouse read and write regardless of it (the warehouse's own grants and policies
 * govern Redshift access, as on AWS).
 *
 * As on Lake Formation: granting what a principal already holds changes nothing; revoking what it
 * does not hold is InvalidInputException (here nothing of that request is revoked); a grant option
 * can only be given with the permission; a data cells filter named in a grant must exist.
 */
import { AwsServiceError } from '../executor/types.js';
import {
  canonicalKey,
  invalidInput,
  kindOf,
  normalizeResource,
  RESOURCE_TYPE,
  type Resource,
} from './lake-formation-resource.js';

export interface DataLakePrincipal {
  readonly DataLakePrincipalIdentifier: string;
}

export interface PermissionsRequest {
  readonly Principal: DataLakePrincipal;
  readonly Resource: Resource;
  readonly Permissions: readonly string[];
  readonly PermissionsWithGrantOption?: readonly string[];
  readonly Condition?: { readonly Expression?: string };
}

export interface BatchEntry extends PermissionsRequest {
  readonly Id: string;
}

export interface BatchFailure {
  readonly RequestEntry: BatchEntry;
  readonly Error: { readonly ErrorCode: string; readonly ErrorMessage: string };
}

export interface PrincipalResourcePermissions {
  readonly Principal: DataLakePrincipal;
  readonly Resource: Resource;
  readonly Condition?: { readonly Expression?: string };
  readonly Permissions: string[];
  readonly PermissionsWithGrantOption: string[];
  readonly LastUpdated: Date;
  readonly LastUpdatedBy: string;
}

export interface ListPermissionsFilter {
  readonly Principal?: DataLakePrincipal;
  readonly Resource?: Resource;
  readonly ResourceType?: string;
}

export interface DataCellsFilter {
  readonly TableCatalogId: string;
  readonly DatabaseName: string;
  readonly TableName: string;
  readonly Name: string;
  readonly RowFilter?: {
    readonly FilterExpression?: string;
    readonly AllRowsWildcard?: Readonly<Record<string, never>>;
  };
  readonly ColumnNames?: readonly string[];
  readonly ColumnWildcard?: { readonly ExcludedColumnNames?: readonly string[] };
  readonly VersionId?: string;
}

export interface DataCellsFilterKey {
  readonly TableCatalogId?: string;
  readonly DatabaseName?: string;
  readonly TableName?: string;
  readonly Name?: string;
}

/** Lake Formation's permissions (the Permission enum). */
const PERMISSIONS: ReadonlySet<string> = new Set([
  'ALL',
  'ALTER',
  'ASSOCIATE',
  'CREATE_CATALOG',
  'CREATE_DATABASE',
  'CREATE_LF_TAG',
  'CREATE_LF_TAG_EXPRESSION',
  'CREATE_TABLE',
  'DATA_LOCATION_ACCESS',
  'DELETE',
  'DESCRIBE',
  'DROP',
  'GRANT_WITH_LF_TAG_EXPRESSION',
  'INSERT',
  'SELECT',
  'SUPER_USER',
]);

/** BatchGrantPermissions and BatchRevokePermissions take at most 20 entries. */
const MAX_BATCH = 20;

interface Grant {
  readonly principal: DataLakePrincipal;
  readonly resource: Resource;
  readonly condition: { readonly Expression?: string } | undefined;
  readonly permissions: Set<string>;
  readonly grantable: Set<string>;
  lastUpdated: Date;
}

export interface LocalLakeFormationOptions {
  /** The account: the catalog id filled into resources that name none. */
  readonly catalogId: string;
  readonly now?: () => Date;
}

const notFound = (message: string) => new AwsServiceError('EntityNotFoundException', message);

function checkPermissions(list: readonly string[] | undefined, member: string): string[] {
  const values = [...(list ?? [])];
  const unknown = values.filter((p) => !PERMISSIONS.has(p));
  if (unknown.length > 0) {
    throw invalidInput(`${member} holds ${unknown.join(', ')}, which Lake Formation does not know`);
  }
  return values;
}

function principalOf(request: { readonly Principal?: DataLakePrincipal }): DataLakePrincipal {
  const id = request.Principal?.DataLakePrincipalIdentifier;
  if (typeof id !== 'string' || id === '')
    throw invalidInput('Principal.DataLakePrincipalIdentifier is required');
  return { DataLakePrincipalIdentifier: id };
}

const filterKey = (f: DataCellsFilterKey & { TableCatalogId: string }): string =>
  canonicalKey([f.TableCatalogId, f.DatabaseName, f.TableName, f.Name]);

export class LocalLakeFormation {
  private readonly grants = new Map<string, Grant>();
  private readonly filters = new Map<string, DataCellsFilter>();
  private readonly now: () => Date;

  constructor(private readonly options: LocalLakeFormationOptions) {
    this.now = options.now ?? (() => new Date());
  }

  // ── permissions ────────────────────────────────────────────────────────────────────────────

  grantPermissions(request: PermissionsRequest): void {
    const { key, principal, resource, permissions, grantable } = this.parse(request);
    if (permissions.length === 0) throw invalidInput('Permissions must name at least one permission');
    const outside = grantable.filter((p) => !permissions.includes(p));
    if (outside.length > 0) {
      throw invalidInput(`PermissionsWithGrantOption ${outside.join(', ')} must also be in Permissions`);
    }
    if (resource.DataCellsFilter !== undefined)
      this.getDataCellsFilter(resource.DataCellsFilter as DataCellsFilterKey);
    const grant = this.grants.get(key) ?? {
      principal,
      resource,
      condition: request.Condition,
      permissions: new Set<string>(),
      grantable: new Set<string>(),
      lastUpdated: this.now(),
    };
    const before = grant.permissions.size + grant.grantable.size;
    for (const p of permissions) grant.permissions.add(p);
    for (const p of grantable) grant.grantable.add(p);
    if (grant.permissions.size + grant.grantable.size !== before) grant.lastUpdated = this.now();
    this.grants.set(key, grant);
  }

  /**
   * Revokes the permissions (with their grant options) and the grant options named. Every one
   * must be held: otherwise nothing is revoked and the answer is InvalidInputException.
   */
  revokePermissions(request: PermissionsRequest): void {
    const { key, permissions, grantable } = this.parse(request);
    if (permissions.length === 0 && grantable.length === 0) {
      throw invalidInput('Permissions or PermissionsWithGrantOption must name at least one permission');
    }
    const grant = this.grants.get(key);
    const missing = [
      ...permissions.filter((p) => !grant?.permissions.has(p)),
      ...grantable.filter((p) => !grant?.grantable.has(p)).map((p) => `${p} (grant option)`),
    ];
    if (grant === undefined || missing.length > 0) {
      throw invalidInput(
        `No permissions revoked. Grantee ${request.Principal.DataLakePrincipalIdentifier} does not hold ${missing.join(', ')} on the resource`,
      );
    }
    for (const p of permissions) {
      grant.permissions.delete(p);
      grant.grantable.delete(p);
    }
    for (const p of grantable) grant.grantable.delete(p);
    grant.lastUpdated = this.now();
    if (grant.permissions.size === 0) this.grants.delete(key);
  }

  batchGrantPermissions(entries: readonly BatchEntry[]): { Failures: BatchFailure[] } {
    return this.batch(entries, (e) => this.grantPermissions(e));
  }

  batchRevokePermissions(entries: readonly BatchEntry[]): { Failures: BatchFailure[] } {
    return this.batch(entries, (e) => this.revokePermissions(e));
  }

  /**
   * The grants matching every filter given. A Resource filter matches the grants on that very
   * resource (whatever the order of its members, its CatalogId filled in): a Table filter does not
   * list the TableWithColumns grants on the table, so a caller reconciling one grant (deploy) reads
   * that grant alone.
   */
  listPermissions(filter: ListPermissionsFilter = {}): PrincipalResourcePermissions[] {
    const principal = filter.Principal === undefined ? undefined : principalOf(filter);
    const resource =
      filter.Resource === undefined ? undefined : normalizeResource(filter.Resource, this.options.catalogId);
    const resourceKey = resource === undefined ? undefined : canonicalKey(resource);
    return [...this.grants.values()]
      .filter(
        (g) =>
          principal === undefined ||
          g.principal.DataLakePrincipalIdentifier === principal.DataLakePrincipalIdentifier,
      )
      .filter((g) => resourceKey === undefined || canonicalKey(g.resource) === resourceKey)
      .filter(
        (g) => filter.ResourceType === undefined || RESOURCE_TYPE[kindOf(g.resource)] === filter.ResourceType,
      )
      .map((g) => ({
        Principal: g.principal,
        Resource: g.resource,
        ...(g.condition === undefined ? {} : { Condition: g.condition }),
        Permissions: [...g.permissions].sort(),
        PermissionsWithGrantOption: [...g.grantable].sort(),
        LastUpdated: g.lastUpdated,
        LastUpdatedBy: `arn:aws:iam::${this.options.catalogId}:root`,
      }));
  }

  // ── data cells filters ─────────────────────────────────────────────────────────────────────

  createDataCellsFilter(filter: DataCellsFilter): void {
    const checked = this.checkFilter(filter);
    const key = filterKey(checked);
    if (this.filters.has(key)) {
      throw new AwsServiceError(
        'AlreadyExistsException',
        `Data cells filter ${checked.Name} already exists on ${checked.DatabaseName}.${checked.TableName}`,
      );
    }
    this.filters.set(key, { ...checked, VersionId: '1' });
  }

  getDataCellsFilter(key: DataCellsFilterKey): DataCellsFilter {
    const filter = this.filters.get(this.keyOf(key));
    if (filter === undefined) {
      throw notFound(`Data cells filter ${key.Name} not found on ${key.DatabaseName}.${key.TableName}`);
    }
    return filter;
  }

  /** Replaces the filter's definition; its VersionId moves on. */
  updateDataCellsFilter(filter: DataCellsFilter): void {
    const checked = this.checkFilter(filter);
    const current = this.getDataCellsFilter(checked);
    this.filters.set(filterKey(checked), {
      ...checked,
      VersionId: String(Number(current.VersionId ?? '1') + 1),
    });
  }

  deleteDataCellsFilter(key: DataCellsFilterKey): void {
    this.getDataCellsFilter(key);
    this.filters.delete(this.keyOf(key));
  }

  /** The filters of a table (every filter without one), by table and name. */
  listDataCellsFilters(table?: {
    readonly CatalogId?: string;
    readonly DatabaseName?: string;
    readonly Name?: string;
  }) {
    const catalogId = table?.CatalogId ?? this.options.catalogId;
    return [...this.filters.values()]
      .filter(
        (f) =>
          table === undefined ||
          (f.TableCatalogId === catalogId &&
            f.DatabaseName === table.DatabaseName &&
            f.TableName === table.Name),
      )
      .sort((a, b) => filterKey(a).localeCompare(filterKey(b)));
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private parse(request: PermissionsRequest) {
    const principal = principalOf(request);
    const resource = normalizeResource(request.Resource, this.options.catalogId);
    const permissions = checkPermissions(request.Permissions, 'Permissions');
    const grantable = checkPermissions(request.PermissionsWithGrantOption, 'PermissionsWithGrantOption');
    const key = canonicalKey([principal.DataLakePrincipalIdentifier, resource, request.Condition ?? null]);
    return { key, principal, resource, permissions, grantable };
  }

  private batch(
    entries: readonly BatchEntry[],
    apply: (entry: BatchEntry) => void,
  ): { Failures: BatchFailure[] } {
    if (entries.length === 0 || entries.length > MAX_BATCH) {
      throw invalidInput(`Entries must hold 1 to ${MAX_BATCH} entries, not ${entries.length}`);
    }
    const failures: BatchFailure[] = [];
    for (const entry of entries) {
      try {
        apply(entry);
      } catch (error) {
        if (!(error instanceof AwsServiceError)) throw error;
        failures.push({ RequestEntry: entry, Error: { ErrorCode: error.name, ErrorMessage: error.message } });
      }
    }
    return { Failures: failures };
  }

  private keyOf(key: DataCellsFilterKey): string {
    return filterKey({ ...key, TableCatalogId: key.TableCatalogId ?? this.options.catalogId });
  }

  private checkFilter(filter: DataCellsFilter): DataCellsFilter {
    for (const member of ['TableCatalogId', 'DatabaseName', 'TableName', 'Name'] as const) {
      if (typeof filter[member] !== 'string' || filter[member] === '')
        throw invalidInput(`TableData.${member} is required`);
    }
    if ((filter.ColumnNames === undefined) === (filter.ColumnWildcard === undefined)) {
      throw invalidInput('TableData needs either ColumnNames or ColumnWildcard');
    }
    const row = filter.RowFilter;
    if (row !== undefined && (row.FilterExpression === undefined) === (row.AllRowsWildcard === undefined)) {
      throw invalidInput('TableData.RowFilter needs either FilterExpression or AllRowsWildcard');
    }
    const { VersionId: _version, ...definition } = filter;
    return definition;
  }
}
