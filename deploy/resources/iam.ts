/** The pipeline's IAM roles (`artifactLayout.roles`): trust policy, description, inline policies, tags. */
import { type ArtifactPath, artifactLayout, type RoleDefinition } from '../../core/index.js';
import type { DeployContext } from '../context.js';
import { awsCall, readOrMissing } from '../errors.js';
import { type Resource, removedTagKeys, type TagList, taggedFor, tagList, tagMap } from '../resource.js';
import { iam } from '../sdk.js';

const {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} = iam;

interface RoleFile {
  readonly RoleName: string;
  readonly Path?: string;
  readonly Description?: string;
  readonly AssumeRolePolicyDocument: unknown;
  readonly Policies?: readonly { readonly PolicyName: string; readonly PolicyDocument: unknown }[];
  readonly Tags?: TagList;
}

/** IAM returns policy documents URL-encoded. */
const decodePolicy = (text: string | undefined): unknown =>
  text === undefined ? undefined : JSON.parse(decodeURIComponent(text));

function roleResource(ctx: DeployContext, path: ArtifactPath<RoleDefinition>): Resource {
  const role = ctx.tree.json<RoleFile>(path);
  const name = role.RoleName;
  const label = `role ${name}`;
  const policies = Object.fromEntries((role.Policies ?? []).map((p) => [p.PolicyName, p.PolicyDocument]));
  const tags = { ...tagMap(role.Tags), ...ctx.tags };
  const desired = {
    AssumeRolePolicyDocument: role.AssumeRolePolicyDocument,
    Description: role.Description ?? '',
    Policies: policies,
    Tags: tags,
  };
  const putPolicies = async (iam: import('@aws-sdk/client-iam').IAMClient, names: readonly string[]) => {
    for (const policy of names) {
      await awsCall(label, `PutRolePolicy ${policy}`, () =>
        iam.send(
          new PutRolePolicyCommand({
            RoleName: name,
            PolicyName: policy,
            PolicyDocument: JSON.stringify(policies[policy]),
          }),
        ),
      );
    }
  };
  return {
    type: 'AWS::IAM::Role',
    name,
    desired,
    async read({ iam }) {
      const got = await readOrMissing(label, 'GetRole', ['NoSuchEntity', 'NoSuchEntityException'], () =>
        iam.send(new GetRoleCommand({ RoleName: name })),
      );
      if (got?.Role === undefined) return undefined;
      const names = await awsCall(label, 'ListRolePolicies', () =>
        iam.send(new ListRolePoliciesCommand({ RoleName: name })),
      );
      const current: Record<string, unknown> = {};
      for (const policy of names.PolicyNames ?? []) {
        const doc = await awsCall(label, `GetRolePolicy ${policy}`, () =>
          iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policy })),
        );
        current[policy] = decodePolicy(doc.PolicyDocument);
      }
      const roleTags = await awsCall(label, 'ListRoleTags', () =>
        iam.send(new ListRoleTagsCommand({ RoleName: name })),
      );
      return {
        AssumeRolePolicyDocument: decodePolicy(got.Role.AssumeRolePolicyDocument),
        Description: got.Role.Description ?? '',
        Policies: current,
        Tags: tagMap(roleTags.Tags),
      };
    },
    async create({ iam }) {
      await awsCall(label, 'CreateRole', () =>
        iam.send(
          new CreateRoleCommand({
            RoleName: name,
            ...(role.Path === undefined ? {} : { Path: role.Path }),
            AssumeRolePolicyDocument: JSON.stringify(role.AssumeRolePolicyDocument),
            Description: desired.Description,
            Tags: tagList(tags),
          }),
        ),
      );
      await putPolicies(iam, Object.keys(policies));
    },
    async update({ iam }, changes, current) {
      for (const change of changes) {
        if (change.field === 'AssumeRolePolicyDocument') {
          await awsCall(label, 'UpdateAssumeRolePolicy', () =>
            iam.send(
              new UpdateAssumeRolePolicyCommand({
                RoleName: name,
                PolicyDocument: JSON.stringify(role.AssumeRolePolicyDocument),
              }),
            ),
          );
        } else if (change.field === 'Description') {
          await awsCall(label, 'UpdateRole', () =>
            iam.send(new UpdateRoleCommand({ RoleName: name, Description: desired.Description })),
          );
        } else if (change.field === 'Policies') {
          const now = (current.Policies ?? {}) as Record<string, unknown>;
          const changed = Object.keys(policies).filter(
            (p) => JSON.stringify(now[p]) !== JSON.stringify(policies[p]),
          );
          await putPolicies(iam, changed);
          for (const gone of Object.keys(now).filter((p) => !(p in policies))) {
            await awsCall(label, `DeleteRolePolicy ${gone}`, () =>
              iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: gone })),
            );
          }
        } else if (change.field === 'Tags') {
          await awsCall(label, 'TagRole', () =>
            iam.send(new TagRoleCommand({ RoleName: name, Tags: tagList(tags) })),
          );
          const removed = removedTagKeys(current.Tags, tags);
          if (removed.length > 0) {
            await awsCall(label, 'UntagRole', () =>
              iam.send(new UntagRoleCommand({ RoleName: name, TagKeys: removed })),
            );
          }
        }
      }
    },
    async delete({ iam }) {
      const names = await awsCall(label, 'ListRolePolicies', () =>
        iam.send(new ListRolePoliciesCommand({ RoleName: name })),
      );
      for (const policy of names.PolicyNames ?? []) {
        await awsCall(label, `DeleteRolePolicy ${policy}`, () =>
          iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policy })),
        );
      }
      await awsCall(label, 'DeleteRole', () => iam.send(new DeleteRoleCommand({ RoleName: name })));
    },
    owned: (current) => taggedFor(current.Tags as Record<string, string>, ctx.pipeline, ctx.stage),
  };
}

export const roleResources = (ctx: DeployContext): Resource[] =>
  ctx.tree.list(artifactLayout.roles).map((path) => roleResource(ctx, path));

/** The ARN of a role the tree defines, by the file's RoleName. */
export function roleArn(ctx: DeployContext, file: ArtifactPath<RoleDefinition>): string {
  const role = ctx.tree.json<RoleFile>(file);
  return `arn:aws:iam::${ctx.account}:role${role.Path ?? '/'}${role.RoleName}`;
}
