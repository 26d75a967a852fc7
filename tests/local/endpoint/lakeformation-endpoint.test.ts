import {
  BatchGrantPermissionsCommand,
  BatchRevokePermissionsCommand,
  CreateDataCellsFilterCommand,
  DeleteDataCellsFilterCommand,
  GetDataCellsFilterCommand,
  GetDataLakeSettingsCommand,
  GrantPermissionsCommand,
  type GrantPermissionsCommandInput,
  LakeFormationClient,
  ListDataCellsFilterCommand,
  ListPermissionsCommand,
  RevokePermissionsCommand,
  UpdateDataCellsFilterCommand,
} from '@aws-sdk/client-lakeformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeFormationEndpoint } from '../../../local/endpoint/lakeformation-endpoint.js';
import { errorName, REGION, type SdkWorld, sdkWorld } from './sdk-world.js';

let world: SdkWorld;
let lf: LakeFormationClient;
const ACCOUNT = '000000000000';
const glueRole = { DataLakePrincipalIdentifier: `arn:aws:iam::${ACCOUNT}:role/glue` };
const analyst = { DataLakePrincipalIdentifier: `arn:aws:iam::${ACCOUNT}:role/analyst` };
const processed = { Database: { Name: 'processed' } };
const students = { Table: { DatabaseName: 'processed', Name: 'students' } };
const filterKey = {
  TableCatalogId: ACCOUNT,
  DatabaseName: 'processed',
  TableName: 'students',
  Name: 'us-only',
};

beforeAll(async () => {
  world = await sdkWorld((cloud) => [lakeFormationEndpoint(cloud)]);
  lf = new LakeFormationClient(world.client);
});
afterAll(async () => {
  lf?.destroy();
  await world?.close();
});

describe('permissions', () => {
  it('are granted (twice is a no-op), listed by principal and resource, and revoked', async () => {
    const grant: GrantPermissionsCommandInput = {
      Principal: glueRole,
      Resource: processed,
      Permissions: ['CREATE_TABLE', 'DESCRIBE'],
      PermissionsWithGrantOption: ['DESCRIBE'],
    };
    await lf.send(new GrantPermissionsCommand(grant));
    await lf.send(new GrantPermissionsCommand(grant));
    await lf.send(
      new GrantPermissionsCommand({ Principal: analyst, Resource: students, Permissions: ['SELECT'] }),
    );

    const forGlue = await lf.send(new ListPermissionsCommand({ Principal: glueRole }));
    expect(forGlue.PrincipalResourcePermissions).toHaveLength(1);
    expect(forGlue.PrincipalResourcePermissions?.[0]).toMatchObject({
      Principal: glueRole,
      // The catalog id is filled in, as Lake Formation does.
      Resource: { Database: { Name: 'processed', CatalogId: ACCOUNT } },
      Permissions: ['CREATE_TABLE', 'DESCRIBE'],
      PermissionsWithGrantOption: ['DESCRIBE'],
    });
    expect(forGlue.PrincipalResourcePermissions?.[0]?.LastUpdated).toBeInstanceOf(Date);

    const onTable = await lf.send(new ListPermissionsCommand({ Resource: students }));
    expect(
      onTable.PrincipalResourcePermissions?.map((p) => p.Principal?.DataLakePrincipalIdentifier),
    ).toEqual([analyst.DataLakePrincipalIdentifier]);
    const byType = await lf.send(new ListPermissionsCommand({ ResourceType: 'DATABASE' }));
    expect(byType.PrincipalResourcePermissions).toHaveLength(1);
    const all = await lf.send(new ListPermissionsCommand({ MaxResults: 1 }));
    expect(all.PrincipalResourcePermissions).toHaveLength(1);
    const rest = await lf.send(new ListPermissionsCommand({ MaxResults: 1, NextToken: all.NextToken }));
    expect(rest.PrincipalResourcePermissions).toHaveLength(1);
    expect(rest.NextToken).toBeUndefined();

    await lf.send(
      new RevokePermissionsCommand({ Principal: glueRole, Resource: processed, Permissions: ['DESCRIBE'] }),
    );
    const after = await lf.send(new ListPermissionsCommand({ Principal: glueRole }));
    expect(after.PrincipalResourcePermissions?.[0]).toMatchObject({
      Permissions: ['CREATE_TABLE'],
      PermissionsWithGrantOption: [],
    });
  });

  it('keep column grants apart from table grants, keyed by the resource whatever the member order', async () => {
    const columns = {
      TableWithColumns: {
        Name: 'students',
        DatabaseName: 'processed',
        ColumnWildcard: { ExcludedColumnNames: ['ssn'] },
      },
    };
    await lf.send(
      new GrantPermissionsCommand({ Principal: analyst, Resource: columns, Permissions: ['SELECT'] }),
    );
    // The Table grant of the first test, asked for with its members in another order: the column grant is not in it.
    const onTable = await lf.send(
      new ListPermissionsCommand({
        Principal: analyst,
        Resource: { Table: { Name: 'students', CatalogId: ACCOUNT, DatabaseName: 'processed' } },
      }),
    );
    expect(
      onTable.PrincipalResourcePermissions?.map((p) => [Object.keys(p.Resource ?? {}), p.Permissions]),
    ).toEqual([[['Table'], ['SELECT']]]);
    const onColumns = await lf.send(new ListPermissionsCommand({ Principal: analyst, Resource: columns }));
    expect(onColumns.PrincipalResourcePermissions?.[0]?.Resource?.TableWithColumns).toEqual({
      ...columns.TableWithColumns,
      CatalogId: ACCOUNT,
    });
    await lf.send(
      new RevokePermissionsCommand({ Principal: analyst, Resource: columns, Permissions: ['SELECT'] }),
    );
    expect(
      (await lf.send(new ListPermissionsCommand({ Resource: columns }))).PrincipalResourcePermissions,
    ).toEqual([]);
    expect(
      (await lf.send(new ListPermissionsCommand({ Resource: students }))).PrincipalResourcePermissions,
    ).toHaveLength(1);
  });

  it('refuse what Lake Formation refuses', async () => {
    // Revoking what was not granted.
    expect(
      await errorName(
        lf.send(
          new RevokePermissionsCommand({ Principal: analyst, Resource: processed, Permissions: ['DROP'] }),
        ),
      ),
    ).toBe('InvalidInputException');
    expect(
      await errorName(
        lf.send(
          new RevokePermissionsCommand({
            Principal: analyst,
            Resource: students,
            Permissions: ['SELECT', 'DROP'],
          }),
        ),
      ),
    ).toBe('InvalidInputException');
    // Nothing of that request was revoked.
    expect(
      (await lf.send(new ListPermissionsCommand({ Principal: analyst, Resource: students })))
        .PrincipalResourcePermissions?.[0]?.Permissions,
    ).toEqual(['SELECT']);
    expect(
      await errorName(
        lf.send(
          new GrantPermissionsCommand({
            Principal: analyst,
            Resource: students,
            Permissions: ['READ'] as never,
          }),
        ),
      ),
    ).toBe('InvalidInputException');
    expect(
      await errorName(
        lf.send(
          new GrantPermissionsCommand({
            Principal: analyst,
            Resource: students,
            Permissions: ['SELECT'],
            PermissionsWithGrantOption: ['DROP'],
          }),
        ),
      ),
    ).toBe('InvalidInputException');
    expect(
      await errorName(
        lf.send(
          new GrantPermissionsCommand({
            Principal: analyst,
            Resource: { ...processed, ...students },
            Permissions: ['SELECT'],
          }),
        ),
      ),
    ).toBe('InvalidInputException');
  });

  it('are granted and revoked in batches, each failure reported with its entry', async () => {
    const granted = await lf.send(
      new BatchGrantPermissionsCommand({
        Entries: [
          { Id: '1', Principal: analyst, Resource: processed, Permissions: ['DESCRIBE'] },
          { Id: '2', Principal: analyst, Resource: processed, Permissions: ['NOPE' as never] },
        ],
      }),
    );
    expect(granted.Failures?.map((f) => [f.RequestEntry?.Id, f.Error?.ErrorCode])).toEqual([
      ['2', 'InvalidInputException'],
    ]);
    const revoked = await lf.send(
      new BatchRevokePermissionsCommand({
        Entries: [
          { Id: 'a', Principal: analyst, Resource: processed, Permissions: ['DESCRIBE'] },
          { Id: 'b', Principal: analyst, Resource: processed, Permissions: ['DESCRIBE'] },
        ],
      }),
    );
    expect(revoked.Failures?.map((f) => f.RequestEntry?.Id)).toEqual(['b']);
    const left = await lf.send(new ListPermissionsCommand({ Principal: analyst, Resource: processed }));
    expect(left.PrincipalResourcePermissions).toEqual([]);
  });
});

describe('data cells filters', () => {
  it('are created, read, updated, listed, granted on and deleted', async () => {
    await lf.send(
      new CreateDataCellsFilterCommand({
        TableData: {
          ...filterKey,
          ColumnNames: ['student_id', 'country'],
          RowFilter: { FilterExpression: "country = 'US'" },
        },
      }),
    );
    const got = (await lf.send(new GetDataCellsFilterCommand(filterKey))).DataCellsFilter;
    expect(got).toMatchObject({ ...filterKey, ColumnNames: ['student_id', 'country'], VersionId: '1' });
    expect(got?.RowFilter?.FilterExpression).toBe("country = 'US'");

    await lf.send(
      new UpdateDataCellsFilterCommand({
        TableData: {
          ...filterKey,
          ColumnWildcard: { ExcludedColumnNames: ['ssn'] },
          RowFilter: { AllRowsWildcard: {} },
        },
      }),
    );
    const updated = (await lf.send(new GetDataCellsFilterCommand(filterKey))).DataCellsFilter;
    expect(updated).toMatchObject({ ColumnWildcard: { ExcludedColumnNames: ['ssn'] }, VersionId: '2' });
    expect(updated?.ColumnNames).toBeUndefined();

    await lf.send(
      new CreateDataCellsFilterCommand({
        TableData: {
          ...filterKey,
          TableName: 'courses',
          Name: 'all',
          ColumnWildcard: {},
          RowFilter: { AllRowsWildcard: {} },
        },
      }),
    );
    const listed = await lf.send(
      new ListDataCellsFilterCommand({
        Table: { CatalogId: ACCOUNT, DatabaseName: 'processed', Name: 'students' },
      }),
    );
    expect(listed.DataCellsFilters?.map((f) => f.Name)).toEqual(['us-only']);
    expect((await lf.send(new ListDataCellsFilterCommand({}))).DataCellsFilters).toHaveLength(2);

    await lf.send(
      new GrantPermissionsCommand({
        Principal: analyst,
        Resource: { DataCellsFilter: filterKey },
        Permissions: ['SELECT'],
      }),
    );
    const onFilter = await lf.send(new ListPermissionsCommand({ Resource: { DataCellsFilter: filterKey } }));
    expect(onFilter.PrincipalResourcePermissions?.[0]?.Permissions).toEqual(['SELECT']);

    await lf.send(new DeleteDataCellsFilterCommand(filterKey));
    expect(await errorName(lf.send(new GetDataCellsFilterCommand(filterKey)))).toBe(
      'EntityNotFoundException',
    );
    expect(await errorName(lf.send(new DeleteDataCellsFilterCommand(filterKey)))).toBe(
      'EntityNotFoundException',
    );
  });

  it('refuse a name taken, a filter without columns, and a grant on a filter that does not exist', async () => {
    const courses = { ...filterKey, TableName: 'courses', Name: 'all' };
    expect(
      await errorName(
        lf.send(new CreateDataCellsFilterCommand({ TableData: { ...courses, ColumnWildcard: {} } })),
      ),
    ).toBe('AlreadyExistsException');
    expect(
      await errorName(lf.send(new CreateDataCellsFilterCommand({ TableData: { ...courses, Name: 'x' } }))),
    ).toBe('InvalidInputException');
    expect(
      await errorName(
        lf.send(
          new GrantPermissionsCommand({
            Principal: analyst,
            Resource: { DataCellsFilter: { ...filterKey, Name: 'missing' } },
            Permissions: ['SELECT'],
          }),
        ),
      ),
    ).toBe('EntityNotFoundException');
  });
});

describe('the protocol', () => {
  it('answers an operation it does not serve with 404 UnknownOperationException', async () => {
    expect(await errorName(lf.send(new GetDataLakeSettingsCommand({})))).toBe('UnknownOperationException');
    const response = await fetch(`${world.endpoint.url}/GrantPermissions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/${REGION}/lakeformation/aws4_request, SignedHeaders=host, Signature=x`,
      },
      body: JSON.stringify({ Principal: analyst, Resource: processed }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidInputException');
    expect(await response.json()).toEqual({ message: 'Permissions is required' });
  });
});
