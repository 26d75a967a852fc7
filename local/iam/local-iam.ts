/**
 * IAM roles in memory, for the local endpoint: what a deploy creates (a role per Glue job, crawler
 * and state machine, with its trust policy and inline policies) and reads back. Nothing is enforced:
 * the simulator never evaluates a policy, so a role only has to exist, with what was put on it.
 *
 * Names are unique regardless of case, as on AWS (`MyRole` and `myrole` are the same role), and
 * policy documents are checked to be JSON objects, as AWS rejects anything else as malformed.
 */
import { randomInt } from 'node:crypto';
import { AwsServiceError } from '../executor/types.js';

export interface IamTag {
  readonly Key: string;
  readonly Value: string;
}

export interface IamRole {
  readonly RoleName: string;
  readonly RoleId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly CreateDate: Date;
  /** As given (plain JSON); the endpoint URL-encodes it on the wire as AWS does. */
  readonly AssumeRolePolicyDocument: string;
  readonly Description?: string;
  readonly MaxSessionDuration: number;
  readonly Tags: readonly IamTag[];
}

interface RoleState {
  role: IamRole;
  /** Inline policies by name, in the order they were first put. */
  readonly policies: Map<string, string>;
}

export interface CreateRoleInput {
  readonly RoleName: string;
  readonly AssumeRolePolicyDocument: string;
  readonly Path?: string | undefined;
  readonly Description?: string | undefined;
  readonly MaxSessionDuration?: number | undefined;
  readonly Tags?: readonly IamTag[] | undefined;
}

const MAX_TAGS = 50;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const fail = (code: string, message: string): AwsServiceError =>
  new AwsServiceError(`IAM.${code}Exception`, message);

/** `AROA` + 17 characters, as IAM's role ids look (base32-ish upper case). */
function roleId(): string {
  let id = 'AROA';
  for (let i = 0; i < 17; i++) id += ID_CHARS[randomInt(ID_CHARS.length)];
  return id;
}

function checkPolicyDocument(document: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw fail('MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw fail('MalformedPolicyDocument', 'The policy is not a JSON object');
  }
}

function checkTags(tags: readonly IamTag[]): void {
  for (const tag of tags) {
    if (tag.Key.length === 0 || tag.Key.length > 128)
      throw fail('InvalidInput', `Tag key must be 1 to 128 characters: '${tag.Key}'`);
    if (tag.Value.length > 256)
      throw fail('InvalidInput', `Tag value of '${tag.Key}' exceeds 256 characters`);
  }
  if (tags.length > MAX_TAGS)
    throw fail('LimitExceeded', `Cannot exceed quota for TagsPerRole: ${MAX_TAGS}.`);
}

/** Later tags replace earlier ones with the same key, as TagRole does. */
function mergeTags(existing: readonly IamTag[], added: readonly IamTag[]): IamTag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const t of added) byKey.set(t.Key, t.Value);
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

export class LocalIam {
  /** Keyed by the lower-cased name: IAM names are unique regardless of case. */
  private readonly roles = new Map<string, RoleState>();

  constructor(private readonly account: string) {}

  private state(roleName: string): RoleState {
    const state = this.roles.get(roleName.toLowerCase());
    if (state === undefined) throw fail('NoSuchEntity', `The role with name ${roleName} cannot be found.`);
    return state;
  }

  createRole(input: CreateRoleInput): IamRole {
    if (!ROLE_NAME.test(input.RoleName)) {
      throw fail(
        'InvalidInput',
        `Role name '${input.RoleName}' must be 1 to 64 characters of [A-Za-z0-9+=,.@_-]`,
      );
    }
    const path = input.Path ?? '/';
    if (!PATH.test(path) || path.length > 512) {
      throw fail(
        'InvalidInput',
        `Path '${path}' must be '/' or begin and end with '/' (printable ASCII between)`,
      );
    }
    const maxSession = input.MaxSessionDuration ?? 3600;
    if (maxSession < 3600 || maxSession > 43200) {
      throw fail(
        'InvalidInput',
        `MaxSessionDuration must be between 3600 and 43200 seconds, not ${maxSession}`,
      );
    }
    if (input.Description !== undefined && input.Description.length > 1000) {
      throw fail('InvalidInput', 'Description must be at most 1000 characters');
    }
    checkPolicyDocument(input.AssumeRolePolicyDocument);
    const tags = mergeTags([], input.Tags ?? []);
    checkTags(tags);
    if (this.roles.has(input.RoleName.toLowerCase())) {
      throw fail('EntityAlreadyExists', `Role with name ${input.RoleName} already exists.`);
    }
    const role: IamRole = {
      RoleName: input.RoleName,
      RoleId: roleId(),
      Arn: `arn:aws:iam::${this.account}:role${path}${input.RoleName}`,
      Path: path,
      CreateDate: new Date(),
      AssumeRolePolicyDocument: input.AssumeRolePolicyDocument,
      ...(input.Description === undefined ? {} : { Description: input.Description }),
      MaxSessionDuration: maxSession,
      Tags: tags,
    };
    this.roles.set(input.RoleName.toLowerCase(), { role, policies: new Map() });
    return role;
  }

  getRole(roleName: string): IamRole {
    return this.state(roleName).role;
  }

  /** Every role whose path starts with `pathPrefix`, ordered by name as ListRoles lists them. */
  listRoles(pathPrefix = '/'): IamRole[] {
    return [...this.roles.values()]
      .map((s) => s.role)
      .filter((r) => r.Path.startsWith(pathPrefix))
      .sort((a, b) => (a.RoleName < b.RoleName ? -1 : a.RoleName > b.RoleName ? 1 : 0));
  }

  updateRole(
    roleName: string,
    update: { Description?: string | undefined; MaxSessionDuration?: number | undefined },
  ): void {
    const state = this.state(roleName);
    if (
      update.MaxSessionDuration !== undefined &&
      (update.MaxSessionDuration < 3600 || update.MaxSessionDuration > 43200)
    ) {
      throw fail(
        'InvalidInput',
        `MaxSessionDuration must be between 3600 and 43200 seconds, not ${update.MaxSessionDuration}`,
      );
    }
    if (update.Description !== undefined && update.Description.length > 1000) {
      throw fail('InvalidInput', 'Description must be at most 1000 characters');
    }
    state.role = {
      ...state.role,
      ...(update.Description === undefined ? {} : { Description: update.Description }),
      ...(update.MaxSessionDuration === undefined ? {} : { MaxSessionDuration: update.MaxSessionDuration }),
    };
  }

  updateAssumeRolePolicy(roleName: string, document: string): void {
    const state = this.state(roleName);
    checkPolicyDocument(document);
    state.role = { ...state.role, AssumeRolePolicyDocument: document };
  }

  /** DeleteRole refuses while inline policies remain, as AWS does (DeleteConflict). */
  deleteRole(roleName: string): void {
    const state = this.state(roleName);
    if (state.policies.size > 0)
      throw fail('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    this.roles.delete(roleName.toLowerCase());
  }

  putRolePolicy(roleName: string, policyName: string, document: string): void {
    const state = this.state(roleName);
    if (!POLICY_NAME.test(policyName)) {
      throw fail(
        'InvalidInput',
        `Policy name '${policyName}' must be 1 to 128 characters of [A-Za-z0-9+=,.@_-]`,
      );
    }
    checkPolicyDocument(document);
    state.policies.set(policyName, document);
  }

  getRolePolicy(roleName: string, policyName: string): string {
    const document = this.state(roleName).policies.get(policyName);
    if (document === undefined)
      throw fail('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
    return document;
  }

  /** Inline policy names in alphabetical order, as ListRolePolicies returns them. */
  listRolePolicies(roleName: string): string[] {
    return [...this.state(roleName).policies.keys()].sort();
  }

  deleteRolePolicy(roleName: string, policyName: string): void {
    const state = this.state(roleName);
    if (!state.policies.delete(policyName)) {
      throw fail('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
    }
  }

  tagRole(roleName: string, tags: readonly IamTag[]): void {
    const state = this.state(roleName);
    const merged = mergeTags(state.role.Tags, tags);
    checkTags(merged);
    state.role = { ...state.role, Tags: merged };
  }

  untagRole(roleName: string, keys: readonly string[]): void {
    const state = this.state(roleName);
    const removed = new Set(keys);
    state.role = { ...state.role, Tags: state.role.Tags.filter((t) => !removed.has(t.Key)) };
  }

  listRoleTags(roleName: string): readonly IamTag[] {
    return this.state(roleName).role.Tags;
  }
}
