/**
 * Lake Formation's Resource union (Catalog, Database, Table, TableWithColumns, DataLocation,
 * DataCellsFilter, LFTag, LFTagPolicy, LFTagExpression): checked as the service checks a request,
 * completed with the catalog id the service fills in, and turned into a key that is the same for
 * the same resource whatever the order of its members.
 */
import { AwsServiceError } from '../executor/types.js';

export type Resource = Readonly<Record<string, unknown>>;

export const RESOURCE_KINDS = [
  'Catalog',
  'Database',
  'Table',
  'TableWithColumns',
  'DataLocation',
  'DataCellsFilter',
  'LFTag',
  'LFTagPolicy',
  'LFTagExpression',
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** ListPermissions' ResourceType of each kind. */
export const RESOURCE_TYPE: Readonly<Record<ResourceKind, string>> = {
  Catalog: 'CATALOG',
  Database: 'DATABASE',
  Table: 'TABLE',
  TableWithColumns: 'TABLE',
  DataLocation: 'DATA_LOCATION',
  DataCellsFilter: 'TABLE',
  LFTag: 'LF_TAG',
  LFTagPolicy: 'LF_TAG_POLICY',
  LFTagExpression: 'LF_NAMED_TAG_EXPRESSION',
};

export const invalidInput = (message: string) => new AwsServiceError('InvalidInputException', message);

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function requireString(o: Readonly<Record<string, unknown>>, member: string, where: string): string {
  const v = o[member];
  if (typeof v !== 'string' || v === '') throw invalidInput(`${where}.${member} is required`);
  return v;
}

/** The one kind a Resource names, or InvalidInputException. */
export function kindOf(resource: unknown): ResourceKind {
  if (!isObject(resource)) throw invalidInput('Resource is required');
  const kinds = RESOURCE_KINDS.filter((k) => resource[k] !== undefined && resource[k] !== null);
  if (kinds.length !== 1) {
    throw invalidInput(
      `Resource must name exactly one of ${RESOURCE_KINDS.join(', ')}; it names ${kinds.length}`,
    );
  }
  return kinds[0]!;
}

/**
 * The resource checked and completed: CatalogId (TableCatalogId for a data cells filter) defaults
 * to the account's catalog, as Lake Formation fills it in.
 */
export function normalizeResource(resource: unknown, catalogId: string): Resource {
  const kind = kindOf(resource);
  const body = (resource as Readonly<Record<string, unknown>>)[kind];
  if (!isObject(body)) throw invalidInput(`Resource.${kind} must be a structure`);
  const where = `Resource.${kind}`;
  const withCatalog = { CatalogId: catalogId, ...body };
  switch (kind) {
    case 'Catalog':
      return { Catalog: body };
    case 'Database':
      requireString(body, 'Name', where);
      return { Database: withCatalog };
    case 'Table': {
      requireString(body, 'DatabaseName', where);
      const named = typeof body.Name === 'string' && body.Name !== '';
      if (named === isObject(body.TableWildcard))
        throw invalidInput(`${where} needs either Name or TableWildcard`);
      return { Table: withCatalog };
    }
    case 'TableWithColumns': {
      requireString(body, 'DatabaseName', where);
      requireString(body, 'Name', where);
      if (Array.isArray(body.ColumnNames) === isObject(body.ColumnWildcard)) {
        throw invalidInput(`${where} needs either ColumnNames or ColumnWildcard`);
      }
      return { TableWithColumns: withCatalog };
    }
    case 'DataLocation':
      requireString(body, 'ResourceArn', where);
      return { DataLocation: withCatalog };
    case 'DataCellsFilter':
      requireString(body, 'DatabaseName', where);
      requireString(body, 'TableName', where);
      requireString(body, 'Name', where);
      return { DataCellsFilter: { TableCatalogId: catalogId, ...body } };
    default:
      return { [kind]: withCatalog };
  }
}

/** JSON with members in sorted order: equal for equal resources. */
export function canonicalKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalKey(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
