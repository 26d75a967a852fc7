/**
 * The IAM endpoint, called by the real IAM client over the query protocol: roles, their trust and
 * inline policies (returned URL-encoded, as AWS returns them), tags, listing with paths and paging,
 * and IAM's errors as the SDK names them.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS, errorOf, REGION, type Services, startServices } from './s3-sns-iam-fixture.js';

let services: Services;
let iam: IAMClient;

beforeAll(async () => {
  services = await startServices('iam-endpoint');
  iam = new IAMClient({ endpoint: services.url, region: REGION, credentials: CREDENTIALS });
});
afterAll(async () => {
  iam?.destroy();
  await services?.close();
});

const trust = (service: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: `${service}.amazonaws.com` }, Action: 'sts:AssumeRole' },
    ],
  });

const S3_READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::lakeline-raw/*' }],
});

async function createRole(RoleName: string, Path?: string): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName, Path, AssumeRolePolicyDocument: trust('glue') }));
}

describe('roles', () => {
  it('creates a role with a path, description and tags, and gets it back', async () => {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'lakeline-glue-job',
        Path: '/lakeline/',
        Description: 'Runs the <raw-to-curated> job',
        AssumeRolePolicyDocument: trust('glue'),
        Tags: [{ Key: 'lakeline:stage', Value: 'dev' }],
      }),
    );
    expect(created.Role).toMatchObject({
      RoleName: 'lakeline-glue-job',
      Path: '/lakeline/',
      Arn: `arn:aws:iam::${services.cloud.account}:role/lakeline/lakeline-glue-job`,
      MaxSessionDuration: 3600,
    });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'lakeline-glue-job' }));
    expect(Role).toMatchObject({
      RoleId: created.Role?.RoleId,
      Description: 'Runs the <raw-to-curated> job',
      Tags: [{ Key: 'lakeline:stage', Value: 'dev' }],
    });
    expect(Role?.CreateDate).toBeInstanceOf(Date);
    // URL-encoded on the wire, as AWS returns it.
    expect(Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(trust('glue')));
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toEqual(
      JSON.parse(trust('glue')),
    );
  });

  it('refuses a second role of the same name, regardless of case (EntityAlreadyExists, 409)', async () => {
    await createRole('lakeline-twice');
    const error = await errorOf(
      iam.send(
        new CreateRoleCommand({ RoleName: 'LAKELINE-TWICE', AssumeRolePolicyDocument: trust('glue') }),
      ),
    );
    expect(error).toMatchObject({
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'Role with name LAKELINE-TWICE already exists.',
    });
  });

  it('refuses a trust policy that is not JSON (MalformedPolicyDocument)', async () => {
    const error = await errorOf(
      iam.send(
        new CreateRoleCommand({ RoleName: 'lakeline-malformed', AssumeRolePolicyDocument: '{not json' }),
      ),
    );
    expect(error).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
  });

  it('is NoSuchEntity (404) for a role that does not exist', async () => {
    const error = await errorOf(iam.send(new GetRoleCommand({ RoleName: 'lakeline-nobody' })));
    expect(error).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The role with name lakeline-nobody cannot be found.',
    });
  });

  it('updates the description and the trust policy', async () => {
    await createRole('lakeline-updated');
    await iam.send(new UpdateRoleCommand({ RoleName: 'lakeline-updated', Description: 'now described' }));
    await iam.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: 'lakeline-updated', PolicyDocument: trust('states') }),
    );
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'lakeline-updated' }));
    expect(Role?.Description).toBe('now described');
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(trust('states'));
  });

  it('lists roles under a path prefix, a page at a time', async () => {
    for (const name of ['lakeline-list-b', 'lakeline-list-a', 'lakeline-list-c'])
      await createRole(name, '/listing/');
    const names: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new ListRolesCommand({ PathPrefix: '/listing/', MaxItems: 2, Marker }));
      names.push(...(page.Roles ?? []).map((r) => r.RoleName!));
      expect(page.IsTruncated).toBe(page.Marker !== undefined);
      Marker = page.Marker;
      pages++;
    } while (Marker !== undefined);
    expect(names).toEqual(['lakeline-list-a', 'lakeline-list-b', 'lakeline-list-c']);
    expect(pages).toBe(2);
  });
});

describe('inline policies', () => {
  it('puts, gets (URL-encoded), lists and deletes an inline policy', async () => {
    await createRole('lakeline-policies');
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'lakeline-policies',
        PolicyName: 'read-raw',
        PolicyDocument: S3_READ,
      }),
    );
    const got = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'lakeline-policies', PolicyName: 'read-raw' }),
    );
    expect(got).toMatchObject({ RoleName: 'lakeline-policies', PolicyName: 'read-raw' });
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(S3_READ);
    const listed = await iam.send(new ListRolePoliciesCommand({ RoleName: 'lakeline-policies' }));
    expect(listed).toMatchObject({ PolicyNames: ['read-raw'], IsTruncated: false });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'lakeline-policies', PolicyName: 'read-raw' }));
    const gone = await errorOf(
      iam.send(new GetRolePolicyCommand({ RoleName: 'lakeline-policies', PolicyName: 'read-raw' })),
    );
    expect(gone).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The role policy with name read-raw cannot be found.',
    });
  });

  it('refuses to delete a role while inline policies remain (DeleteConflict, 409)', async () => {
    await createRole('lakeline-conflict');
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'lakeline-conflict', PolicyName: 'p', PolicyDocument: S3_READ }),
    );
    const error = await errorOf(iam.send(new DeleteRoleCommand({ RoleName: 'lakeline-conflict' })));
    expect(error).toMatchObject({
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete entity, must delete policies first.',
    });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'lakeline-conflict', PolicyName: 'p' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'lakeline-conflict' }));
    expect((await errorOf(iam.send(new GetRoleCommand({ RoleName: 'lakeline-conflict' })))).name).toBe(
      'NoSuchEntityException',
    );
  });
});

describe('tags', () => {
  it('tags (replacing a key), untags and lists a role’s tags', async () => {
    await createRole('lakeline-tags');
    await iam.send(
      new TagRoleCommand({
        RoleName: 'lakeline-tags',
        Tags: [
          { Key: 'team', Value: 'data' },
          { Key: 'tier', Value: 'gold' },
        ],
      }),
    );
    await iam.send(
      new TagRoleCommand({ RoleName: 'lakeline-tags', Tags: [{ Key: 'team', Value: 'platform' }] }),
    );
    await iam.send(new UntagRoleCommand({ RoleName: 'lakeline-tags', TagKeys: ['tier'] }));
    const listed = await iam.send(new ListRoleTagsCommand({ RoleName: 'lakeline-tags' }));
    expect(listed).toMatchObject({ Tags: [{ Key: 'team', Value: 'platform' }], IsTruncated: false });
    const missing = await errorOf(iam.send(new ListRoleTagsCommand({ RoleName: 'lakeline-untagged' })));
    expect(missing.name).toBe('NoSuchEntityException');
  });
});

it('answers an action it does not serve with InvalidAction (400)', async () => {
  await createRole('lakeline-attach');
  const error = await errorOf(
    iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'lakeline-attach',
        PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
    ),
  );
  expect(error).toMatchObject({ name: 'InvalidAction', status: 400 });
  expect(error.message).toContain('Could not find operation AttachRolePolicy for version 2010-05-08');
});
