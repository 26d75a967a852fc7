/**
 * Lake Formation (`artifactLayout.lakeFormationGrants`): data cells filters, then the grants (some
 * name a filter). Grants cannot carry tags; they are the tree's own, so destroy revokes exactly them.
 */
import type {
  DataCellsFilter,
  LakeFormationClient,
  Resource as LfResource,
  Permission,
} from '@aws-sdk/client-lakeformation';
import { artifactLayout } from '../../core/index.js';
import type { DeployContext } from '../context.js';
import { allPages, awsCall, readOrMissing } from '../errors.js';
import { project, type Resource } from '../resource.js';
import { lakeFormation } from '../sdk.js';

const {
  CreateDataCellsFilterCommand,
  DeleteDataCellsFilterCommand,
  GetDataCellsFilterCommand,
  GrantPermissionsCommand,
  paginateListPermissions,
  RevokePermissionsCommand,
  UpdateDataCellsFilterCommand,
} = lakeFormation;

interface GrantsFile {
  readonly grants: readonly {
    readonly Principal: { readonly DataLakePrincipalIdentifier: string };
    readonly Resource: LfResource;
    readonly Permissions: readonly Permission[];
    readonly PermissionsWithGrantOption: readonly Permission[];
  }[];
  readonly dataCellsFilters: readonly { readonly TableData: DataCellsFilter }[];
}

/** A readable name for what a grant covers: `database db`, `table db.t`, `columns of db.t`, `filter db.t/f`. */
function describeResource(r: LfResource): string {
  if (r.Database !== undefined) return `database ${r.Database.Name}`;
  if (r.TableWithColumns !== undefined)
    return `columns of ${r.TableWithColumns.DatabaseName}.${r.TableWithColumns.Name}`;
  if (r.Table !== undefined) return `table ${r.Table.DatabaseName}.${r.Table.Name ?? '*'}`;
  if (r.DataCellsFilter !== undefined)
    return `filter ${r.DataCellsFilter.DatabaseName}.${r.DataCellsFilter.TableName}/${r.DataCellsFilter.Name}`;
  return JSON.stringify(r);
}

const sorted = (p: readonly string[] | undefined) => [...(p ?? [])].sort();

/** Which member of a Lake Formation Resource is set: `Table`, `TableWithColumns`, `Database`, … */
const resourceKind = (r: LfResource): string =>
  Object.keys(r)
    .filter((k) => (r as Record<string, unknown>)[k] !== undefined)
    .sort()
    .join('+');

async function listGranted(lf: LakeFormationClient, label: string, principal: string, resource: LfResource) {
  const granted = new Set<string>();
  const grantable = new Set<string>();
  const pages = paginateListPermissions(
    { client: lf },
    { Principal: { DataLakePrincipalIdentifier: principal }, Resource: resource },
  );
  for (const page of await allPages(label, 'ListPermissions', pages)) {
    for (const p of page.PrincipalResourcePermissions ?? []) {
      // Lake Formation may list a table's column grants under a query for the table: keep the
      // entries on the same kind of resource as the grant, so neither is taken for the other.
      if (p.Resource !== undefined && resourceKind(p.Resource) !== resourceKind(resource)) continue;
      for (const x of p.Permissions ?? []) granted.add(x);
      for (const x of p.PermissionsWithGrantOption ?? []) grantable.add(x);
    }
  }
  return { Permissions: [...granted].sort(), PermissionsWithGrantOption: [...grantable].sort() };
}

function grantResource(grant: GrantsFile['grants'][number]): Resource {
  const principal = grant.Principal.DataLakePrincipalIdentifier;
  const name = `${principal.replace(/^arn:aws:iam::\d+:/, '')} → ${describeResource(grant.Resource)}`;
  const label = `Lake Formation grant ${name}`;
  const desired = {
    Permissions: sorted(grant.Permissions),
    PermissionsWithGrantOption: sorted(grant.PermissionsWithGrantOption),
  };
  const send = (
    lf: LakeFormationClient,
    call: 'GrantPermissions' | 'RevokePermissions',
    p: typeof desired,
  ) => {
    if (p.Permissions.length === 0) return Promise.resolve();
    const input = {
      Principal: grant.Principal,
      Resource: grant.Resource,
      Permissions: p.Permissions as Permission[],
      PermissionsWithGrantOption: p.PermissionsWithGrantOption as Permission[],
    };
    return awsCall(label, call, () =>
      lf.send(
        call === 'GrantPermissions'
          ? new GrantPermissionsCommand(input)
          : new RevokePermissionsCommand(input),
      ),
    );
  };
  return {
    type: 'AWS::LakeFormation::Permissions',
    name,
    desired,
    async read({ lakeFormation }) {
      const now = await listGranted(lakeFormation, label, principal, grant.Resource);
      return now.Permissions.length === 0 && now.PermissionsWithGrantOption.length === 0 ? undefined : now;
    },
    async create({ lakeFormation }) {
      await send(lakeFormation, 'GrantPermissions', desired);
    },
    async update({ lakeFormation }, _changes, current) {
      const now = current as typeof desired;
      const extra = {
        Permissions: now.Permissions.filter((p) => !desired.Permissions.includes(p)),
        PermissionsWithGrantOption: now.PermissionsWithGrantOption.filter(
          (p) => !desired.PermissionsWithGrantOption.includes(p),
        ),
      };
      await send(lakeFormation, 'RevokePermissions', extra);
      await send(lakeFormation, 'GrantPermissions', desired);
    },
    async delete({ lakeFormation }) {
      await send(lakeFormation, 'RevokePermissions', desired);
    },
    owned: () => true,
  };
}

function filterResource(filter: DataCellsFilter): Resource {
  const key = {
    TableCatalogId: filter.TableCatalogId,
    DatabaseName: filter.DatabaseName,
    TableName: filter.TableName,
    Name: filter.Name,
  };
  const name = `${filter.DatabaseName}.${filter.TableName}/${filter.Name}`;
  const label = `data cells filter ${name}`;
  const desired = { TableData: filter };
  return {
    type: 'AWS::LakeFormation::DataCellsFilter',
    name,
    desired,
    async read({ lakeFormation }) {
      const got = await readOrMissing(label, 'GetDataCellsFilter', ['EntityNotFoundException'], () =>
        lakeFormation.send(new GetDataCellsFilterCommand(key)),
      );
      return got?.DataCellsFilter === undefined
        ? undefined
        : { TableData: project(got.DataCellsFilter, filter) };
    },
    async create({ lakeFormation }) {
      await awsCall(label, 'CreateDataCellsFilter', () =>
        lakeFormation.send(new CreateDataCellsFilterCommand({ TableData: filter })),
      );
    },
    async update({ lakeFormation }) {
      await awsCall(label, 'UpdateDataCellsFilter', () =>
        lakeFormation.send(new UpdateDataCellsFilterCommand({ TableData: filter })),
      );
    },
    async delete({ lakeFormation }) {
      await awsCall(label, 'DeleteDataCellsFilter', () =>
        lakeFormation.send(new DeleteDataCellsFilterCommand(key)),
      );
    },
    owned: () => true,
  };
}

export function lakeFormationResources(ctx: DeployContext): Resource[] {
  if (!ctx.tree.has(artifactLayout.lakeFormationGrants)) return [];
  const file = ctx.tree.json<GrantsFile>(artifactLayout.lakeFormationGrants);
  return [
    ...file.dataCellsFilters.map((f) => filterResource(f.TableData)),
    ...file.grants.map(grantResource),
  ];
}
