/**
 * IAM policy documents derived from what states and jobs declare they use (CDK's grant model):
 * statements are merged by resource set, sorted, and a wildcard action is refused.
 */
export interface PolicyStatement {
  readonly sid?: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly {
    readonly Sid?: string;
    readonly Effect: 'Allow';
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
    readonly Condition?: PolicyStatement['conditions'];
  }[];
}

export class WildcardActionError extends Error {
  override readonly name = 'WildcardActionError';
}

/** Merges statements with the same resources and conditions; rejects any action containing `*`. */
export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  const groups = new Map<
    string,
    { sid?: string; actions: Set<string>; resources: string[]; conditions?: PolicyStatement['conditions'] }
  >();
  for (const s of statements) {
    for (const action of s.actions) {
      if (action.includes('*'))
        throw new WildcardActionError(`IAM action "${action}" is a wildcard; name the actions used`);
    }
    const resources = [...new Set(s.resources)].sort();
    const key = JSON.stringify([resources, s.conditions ?? null]);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, {
        ...(s.sid === undefined ? {} : { sid: s.sid }),
        actions: new Set(s.actions),
        resources,
        ...(s.conditions === undefined ? {} : { conditions: s.conditions }),
      });
    } else {
      for (const a of s.actions) group.actions.add(a);
    }
  }
  const Statement = [...groups.values()]
    .map((g) => ({
      ...(g.sid === undefined ? {} : { Sid: g.sid }),
      Effect: 'Allow' as const,
      Action: [...g.actions].sort(),
      Resource: g.resources,
      ...(g.conditions === undefined ? {} : { Condition: g.conditions }),
    }))
    .sort((a, b) => JSON.stringify(a.Action).localeCompare(JSON.stringify(b.Action)));
  return { Version: '2012-10-17', Statement };
}

/** A CreateRole-style role definition with inline policies, as the tree's `artifactLayout.roles` hold it. */
export interface RoleDefinition {
  readonly RoleName: string;
  readonly Description: string;
  readonly AssumeRolePolicyDocument: {
    readonly Version: '2012-10-17';
    readonly Statement: readonly [
      {
        readonly Effect: 'Allow';
        readonly Principal: { readonly Service: string };
        readonly Action: 'sts:AssumeRole';
      },
    ];
  };
  readonly Policies: readonly { readonly PolicyName: string; readonly PolicyDocument: PolicyDocument }[];
  readonly Tags: readonly { readonly Key: string; readonly Value: string }[];
}

export function roleDefinition(spec: {
  name: string;
  description: string;
  service: string;
  policyName: string;
  statements: readonly PolicyStatement[];
  tags: Readonly<Record<string, string>>;
}): RoleDefinition {
  return {
    RoleName: spec.name,
    Description: spec.description,
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: spec.service }, Action: 'sts:AssumeRole' }],
    },
    Policies: [{ PolicyName: spec.policyName, PolicyDocument: policyDocument(spec.statements) }],
    Tags: Object.entries(spec.tags)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([Key, Value]) => ({ Key, Value })),
  };
}
