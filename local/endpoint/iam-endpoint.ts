/**
 * IAM over the query protocol (Version 2010-05-08): the role operations a deploy needs (roles,
 * their trust policy, inline policies and tags), backed by an in-memory `LocalIam` that lives as
 * long as the endpoint. Policy documents go back URL-encoded, as AWS returns them (the SDK does not
 * decode them: callers `decodeURIComponent` as they must against AWS).
 */
import { type IamRole, LocalIam } from '../iam/local-iam.js';
import type { LocalCloud } from './cloud.js';
import { pageOf } from './paging.js';
import { memberList, type QueryInput, queryService, tagList, validationError } from './query-protocol.js';
import type { ServiceEndpoint } from './types.js';
import { el, type XmlChild } from './xml.js';

const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** IAM's wire codes and statuses, from the SDK's error schemas. */
const ERROR_CODES = {
  NoSuchEntityException: ['NoSuchEntity', 404],
  EntityAlreadyExistsException: ['EntityAlreadyExists', 409],
  DeleteConflictException: ['DeleteConflict', 409],
  LimitExceededException: ['LimitExceeded', 409],
  MalformedPolicyDocumentException: ['MalformedPolicyDocument', 400],
  InvalidInputException: ['InvalidInput', 400],
  UnmodifiableEntityException: ['UnmodifiableEntity', 400],
} as const;

/** The role as GetRole and CreateRole return it; ListRoles leaves out tags and last use, as AWS does. */
function roleXml(role: IamRole, detail: 'full' | 'listed'): XmlChild[] {
  return [
    el('Path', role.Path),
    el('RoleName', role.RoleName),
    el('RoleId', role.RoleId),
    el('Arn', role.Arn),
    el('CreateDate', role.CreateDate),
    el('AssumeRolePolicyDocument', encodeURIComponent(role.AssumeRolePolicyDocument)),
    role.Description === undefined ? undefined : el('Description', role.Description),
    el('MaxSessionDuration', role.MaxSessionDuration),
    detail === 'full' && role.Tags.length > 0 ? tagList('Tags', role.Tags) : undefined,
    detail === 'full' ? el('RoleLastUsed') : undefined,
  ];
}

/** IAM pages with Marker/MaxItems (1 to 1000, 100 by default) and answers IsTruncated. */
function paged<T>(input: QueryInput, items: readonly T[]): { items: readonly T[]; tail: XmlChild[] } {
  const max = input.optionalInt('MaxItems');
  if (max !== undefined && (max < 1 || max > 1000)) {
    throw validationError('MaxItems', 'Member must have value between 1 and 1000', String(max));
  }
  const page = pageOf(
    items,
    { maxResults: max, nextToken: input.optionalString('Marker') },
    { defaultSize: 100, maxSize: 1000, invalidTokenCode: 'InvalidInput' },
  );
  const next = page.nextToken;
  return {
    items: page.items,
    tail: [el('IsTruncated', next !== undefined), next === undefined ? undefined : el('Marker', next)],
  };
}

/** The IAM endpoint; its roles live in the closure, for as long as the endpoint does. */
export function iamEndpoint(cloud: LocalCloud): ServiceEndpoint {
  const iam = new LocalIam(cloud.account);
  return queryService({
    signingNames: ['iam'],
    version: '2010-05-08',
    namespace: NAMESPACE,
    errorCodes: ERROR_CODES,
    internalError: { code: 'ServiceFailure', status: 500 },
    operations: {
      CreateRole: (input) => {
        const role = iam.createRole({
          RoleName: input.string('RoleName'),
          AssumeRolePolicyDocument: input.string('AssumeRolePolicyDocument'),
          Path: input.optionalString('Path'),
          Description: input.optionalString('Description'),
          MaxSessionDuration: input.optionalInt('MaxSessionDuration'),
          Tags: input.tags('Tags'),
        });
        return [el('Role', ...roleXml(role, 'full'))];
      },
      GetRole: (input) => [el('Role', ...roleXml(iam.getRole(input.string('RoleName')), 'full'))],
      ListRoles: (input) => {
        const { items, tail } = paged(input, iam.listRoles(input.optionalString('PathPrefix') ?? '/'));
        return [memberList('Roles', items, (role) => roleXml(role, 'listed')), ...tail];
      },
      UpdateRole: (input) => {
        iam.updateRole(input.string('RoleName'), {
          Description: input.optionalString('Description'),
          MaxSessionDuration: input.optionalInt('MaxSessionDuration'),
        });
        return [];
      },
      UpdateAssumeRolePolicy: (input) => {
        iam.updateAssumeRolePolicy(input.string('RoleName'), input.string('PolicyDocument'));
        return [];
      },
      DeleteRole: (input) => {
        iam.deleteRole(input.string('RoleName'));
        return [];
      },
      PutRolePolicy: (input) => {
        iam.putRolePolicy(
          input.string('RoleName'),
          input.string('PolicyName'),
          input.string('PolicyDocument'),
        );
        return [];
      },
      GetRolePolicy: (input) => {
        const roleName = input.string('RoleName');
        const policyName = input.string('PolicyName');
        const document = iam.getRolePolicy(roleName, policyName);
        return [
          el('RoleName', iam.getRole(roleName).RoleName),
          el('PolicyName', policyName),
          el('PolicyDocument', encodeURIComponent(document)),
        ];
      },
      ListRolePolicies: (input) => {
        const { items, tail } = paged(input, iam.listRolePolicies(input.string('RoleName')));
        return [memberList('PolicyNames', items, (name) => [name]), ...tail];
      },
      DeleteRolePolicy: (input) => {
        iam.deleteRolePolicy(input.string('RoleName'), input.string('PolicyName'));
        return [];
      },
      TagRole: (input) => {
        iam.tagRole(input.string('RoleName'), input.tags('Tags'));
        return [];
      },
      UntagRole: (input) => {
        iam.untagRole(input.string('RoleName'), input.stringList('TagKeys'));
        return [];
      },
      ListRoleTags: (input) => {
        const { items, tail } = paged(input, iam.listRoleTags(input.string('RoleName')));
        return [tagList('Tags', items), ...tail];
      },
    },
  });
}
