/**
 * AWS Lake Formation on the local endpoint (REST-JSON: `POST /<Operation>` with a JSON body): the
 * permissions and data cells filters of `local/lakeformation/`, a record of grants that nothing
 * local enforces.
 */
import type {
  BatchEntry,
  DataCellsFilter,
  DataCellsFilterKey,
  PermissionsRequest,
} from '../lakeformation/local-lake-formation.js';
import { LocalLakeFormation } from '../lakeformation/local-lake-formation.js';
import type { LocalCloud } from './cloud.js';
import type { JsonInput } from './json-input.js';
import { pageOf } from './paging.js';
import { type RestJsonRoute, restJsonService } from './rest-json.js';
import type { ServiceEndpoint } from './types.js';

const PAGES = { defaultSize: 100, maxSize: 1000, invalidTokenCode: 'InvalidInputException' };

/** A grant or revoke request: members checked for shape here, for meaning by the store. */
function permissionsRequest(input: JsonInput): PermissionsRequest {
  input.input('Principal').string('DataLakePrincipalIdentifier');
  input.object('Resource');
  input.stringList('Permissions');
  input.optionalStringList('PermissionsWithGrantOption');
  input.optionalInput('Condition')?.optionalString('Expression');
  return input.members as unknown as PermissionsRequest;
}

function batchEntries(input: JsonInput): BatchEntry[] {
  return input.inputs('Entries').map((entry) => {
    entry.string('Id');
    entry.optionalInput('Principal');
    entry.optionalObject('Resource');
    entry.optionalStringList('Permissions');
    entry.optionalStringList('PermissionsWithGrantOption');
    return { Permissions: [], ...entry.members } as unknown as BatchEntry;
  });
}

function filterKey(input: JsonInput): DataCellsFilterKey {
  const key: Record<string, string> = {};
  for (const member of ['TableCatalogId', 'DatabaseName', 'TableName', 'Name'])
    key[member] = input.string(member);
  return key;
}

function tableData(input: JsonInput): DataCellsFilter {
  const data = input.input('TableData');
  filterKey(data);
  data.optionalInput('RowFilter')?.optionalString('FilterExpression');
  data.optionalStringList('ColumnNames');
  data.optionalInput('ColumnWildcard')?.optionalStringList('ExcludedColumnNames');
  return data.members as unknown as DataCellsFilter;
}

function routes(lf: LocalLakeFormation): RestJsonRoute[] {
  const post = (operation: string, handle: RestJsonRoute['handle']): RestJsonRoute => ({
    method: 'POST',
    path: `/${operation}`,
    operation,
    handle,
  });
  return [
    post('GrantPermissions', (input) => {
      lf.grantPermissions(permissionsRequest(input));
      return {};
    }),
    post('RevokePermissions', (input) => {
      lf.revokePermissions(permissionsRequest(input));
      return {};
    }),
    post('BatchGrantPermissions', (input) => lf.batchGrantPermissions(batchEntries(input))),
    post('BatchRevokePermissions', (input) => lf.batchRevokePermissions(batchEntries(input))),
    post('ListPermissions', (input) => {
      const principalId = input.optionalInput('Principal')?.string('DataLakePrincipalIdentifier');
      const resource = input.optionalObject('Resource');
      const resourceType = input.optionalString('ResourceType');
      const all = lf.listPermissions({
        ...(principalId === undefined ? {} : { Principal: { DataLakePrincipalIdentifier: principalId } }),
        ...(resource === undefined ? {} : { Resource: resource }),
        ...(resourceType === undefined ? {} : { ResourceType: resourceType }),
      });
      const page = pageOf(
        all,
        { maxResults: input.optionalNumber('MaxResults'), nextToken: input.optionalString('NextToken') },
        PAGES,
      );
      return { PrincipalResourcePermissions: page.items, NextToken: page.nextToken };
    }),
    post('CreateDataCellsFilter', (input) => {
      lf.createDataCellsFilter(tableData(input));
      return {};
    }),
    post('GetDataCellsFilter', (input) => ({ DataCellsFilter: lf.getDataCellsFilter(filterKey(input)) })),
    post('UpdateDataCellsFilter', (input) => {
      lf.updateDataCellsFilter(tableData(input));
      return {};
    }),
    post('DeleteDataCellsFilter', (input) => {
      lf.deleteDataCellsFilter(filterKey(input));
      return {};
    }),
    post('ListDataCellsFilter', (input) => {
      const table = input.optionalInput('Table');
      const catalogId = table?.optionalString('CatalogId');
      const all = lf.listDataCellsFilters(
        table === undefined
          ? undefined
          : {
              DatabaseName: table.string('DatabaseName'),
              Name: table.string('Name'),
              ...(catalogId === undefined ? {} : { CatalogId: catalogId }),
            },
      );
      const page = pageOf(
        all,
        { maxResults: input.optionalNumber('MaxResults'), nextToken: input.optionalString('NextToken') },
        PAGES,
      );
      return { DataCellsFilters: page.items, NextToken: page.nextToken };
    }),
  ];
}

/** The endpoint over a `LocalLakeFormation` of its own (the account's catalog), unless one is given. */
export function lakeFormationEndpoint(
  cloud: LocalCloud,
  lf: LocalLakeFormation = new LocalLakeFormation({ catalogId: cloud.account }),
): ServiceEndpoint {
  return restJsonService({
    signingNames: ['lakeformation'],
    routes: routes(lf),
    invalidInputCode: 'InvalidInputException',
    errorStatus: { AccessDeniedException: 403, InternalServiceException: 500, ThrottledException: 429 },
  });
}
