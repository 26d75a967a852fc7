/**
 * Lake Formation grants for the processed catalog: table and column grants, data-cells filters
 * for row-level access, and what the pipeline's own Glue role needs to catalog and write.
 */
import {
  type Artifact,
  artifactLayout,
  glueDatabase,
  jsonArtifact,
  type LakeGrant,
  mappedValues,
  type Pipeline,
  type Principal,
  type RowFilter,
  resourceName,
  roleArn,
  type Stage,
} from '../core/index.js';

/** A GrantPermissions request body. */
export interface GrantPermissionsInput {
  readonly Principal: { readonly DataLakePrincipalIdentifier: string };
  readonly Resource: Record<string, unknown>;
  readonly Permissions: readonly string[];
  readonly PermissionsWithGrantOption: readonly string[];
}

/** A CreateDataCellsFilter request body. */
export interface CreateDataCellsFilterInput {
  readonly TableData: {
    readonly TableCatalogId: string;
    readonly DatabaseName: string;
    readonly TableName: string;
    readonly Name: string;
    readonly RowFilter: { readonly FilterExpression: string };
    readonly ColumnNames?: readonly string[];
    readonly ColumnWildcard?: { readonly ExcludedColumnNames: readonly string[] };
  };
}

export interface LakeFormationGrants {
  readonly dataCellsFilters: readonly CreateDataCellsFilterInput[];
  readonly grants: readonly GrantPermissionsInput[];
}

/** PartiQL literal: strings single-quoted with quotes doubled; numbers as they are. */
function partiqlValue(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

/**
 * The values a principal may see through a row filter. A filter driven by an access mapping lists
 * the principal's values from the mapping's rows in the definition: Lake Formation cannot read a
 * table when it filters, so the lake follows the definition (re-deployed), where the warehouse
 * follows the mapping table's data.
 */
export function rowFilterValues(filter: RowFilter, principal: Principal): readonly (string | number)[] {
  return 'values' in filter ? filter.values : mappedValues(filter.mapping, principal.roleName);
}

/** Lake Formation row filters are a PartiQL subset: `country IN ('US','CA')`. */
export function rowFilterExpression(filter: RowFilter, principal: Principal): string {
  const values = rowFilterValues(filter, principal).map(partiqlValue);
  if (values.length === 0) {
    // Validation refuses it first; an empty IN list is no PartiQL.
    throw new Error(`the row filter on ${filter.column} lists no value for ${principal.roleName}`);
  }
  return values.length === 1
    ? `${filter.column} = ${values[0]}`
    : `${filter.column} IN (${values.join(', ')})`;
}

const principalOf = (stage: Stage, p: Principal) => ({
  DataLakePrincipalIdentifier: roleArn(stage, p.roleName),
});

function grantsFor(pipeline: Pipeline, stage: Stage, grant: LakeGrant, index: number) {
  const database = glueDatabase(pipeline.name, stage, 'processed');
  const table = grant.dataset.name;
  const principal = principalOf(stage, grant.principal);
  const tableLevel = grant.permissions.filter((p) => p !== 'SELECT');
  const grants: GrantPermissionsInput[] = [];
  const filters: CreateDataCellsFilterInput[] = [];
  if (grant.permissions.includes('SELECT')) {
    if (grant.rowFilter !== undefined) {
      // Row-level access goes through a data-cells filter, which also carries the column restriction.
      const name = `${grant.principal.roleName}-${table}-${index}`;
      filters.push({
        TableData: {
          TableCatalogId: stage.account,
          DatabaseName: database,
          TableName: table,
          Name: name,
          RowFilter: { FilterExpression: rowFilterExpression(grant.rowFilter, grant.principal) },
          ...(grant.columns !== undefined
            ? { ColumnNames: grant.columns }
            : { ColumnWildcard: { ExcludedColumnNames: grant.excludeColumns ?? [] } }),
        },
      });
      grants.push({
        Principal: principal,
        Resource: {
          DataCellsFilter: {
            TableCatalogId: stage.account,
            DatabaseName: database,
            TableName: table,
            Name: name,
          },
        },
        Permissions: ['SELECT'],
        PermissionsWithGrantOption: [],
      });
    } else {
      grants.push({
        Principal: principal,
        Resource: {
          TableWithColumns: {
            CatalogId: stage.account,
            DatabaseName: database,
            Name: table,
            ...(grant.columns !== undefined
              ? { ColumnNames: grant.columns }
              : { ColumnWildcard: { ExcludedColumnNames: grant.excludeColumns ?? [] } }),
          },
        },
        Permissions: ['SELECT'],
        PermissionsWithGrantOption: [],
      });
    }
  }
  // DESCRIBE, ALTER, INSERT, DELETE, DROP are table permissions; only SELECT can be column-scoped.
  if (tableLevel.length > 0) {
    grants.push({
      Principal: principal,
      Resource: { Table: { CatalogId: stage.account, DatabaseName: database, Name: table } },
      Permissions: [...tableLevel].sort(),
      PermissionsWithGrantOption: [],
    });
  }
  return { grants, filters };
}

export function lakeFormationGrants(pipeline: Pipeline, stage: Stage): LakeFormationGrants {
  const grants: GrantPermissionsInput[] = [];
  const dataCellsFilters: CreateDataCellsFilterInput[] = [];
  // The pipeline's Glue role creates and updates catalog tables through its crawlers and jobs.
  const glueRole: Principal = { kind: 'principal', roleName: resourceName(pipeline.name, stage, 'glue') };
  for (const layer of ['raw', 'processed'] as const) {
    grants.push({
      Principal: principalOf(stage, glueRole),
      Resource: { Database: { CatalogId: stage.account, Name: glueDatabase(pipeline.name, stage, layer) } },
      Permissions: ['ALTER', 'CREATE_TABLE', 'DESCRIBE', 'DROP'],
      PermissionsWithGrantOption: [],
    });
  }
  const gov = pipeline.governance;
  if (gov !== undefined) {
    for (const admin of gov.admins) {
      grants.push({
        Principal: principalOf(stage, admin),
        Resource: {
          Database: { CatalogId: stage.account, Name: glueDatabase(pipeline.name, stage, 'processed') },
        },
        Permissions: ['ALTER', 'CREATE_TABLE', 'DESCRIBE', 'DROP'],
        PermissionsWithGrantOption: ['ALTER', 'CREATE_TABLE', 'DESCRIBE', 'DROP'],
      });
    }
    gov.grants.forEach((g, i) => {
      const out = grantsFor(pipeline, stage, g, i);
      grants.push(...out.grants);
      dataCellsFilters.push(...out.filters);
    });
  }
  return { dataCellsFilters, grants };
}

export function synthGovernance(pipeline: Pipeline, stage: Stage): Artifact[] {
  return [jsonArtifact(artifactLayout.lakeFormationGrants, lakeFormationGrants(pipeline, stage))];
}
