/**
 * Warehouse targets as kinds: a stage names one, each kind validates itself and says where its
 * SQL is sent; the tables of kinds are typed so a kind missing its validation or its loader does
 * not compile (the @ts-expect-error lines fail `npm run typecheck` the day they compile).
 */
import { describe, expect, it } from 'vitest';
import {
  auroraPostgres,
  type RedshiftTarget,
  redshiftCluster,
  redshiftServerless,
  stage,
  TARGET_KINDS,
  type TargetKind,
  type TargetKindName,
  targetKindOf,
  type WarehouseTarget,
} from '../../core/index.js';
import { TARGET_LOADERS, type TargetLoader } from '../../state-machines/targets/index.js';

// @ts-expect-error: a target kind without its validation
const _noValidation: TargetKind<RedshiftTarget> = {
  kind: 'redshift',
  dialect: 'redshift',
  apiTarget: TARGET_KINDS.redshift.apiTarget,
};
// @ts-expect-error: a table of loaders must load every kind
const _noLoader: { readonly [K in TargetKindName]: TargetLoader<Extract<WarehouseTarget, { kind: K }>> } = {};
void _noValidation;
void _noLoader;
void TARGET_LOADERS;

const problems = (target: WarehouseTarget): string[] => {
  const found: string[] = [];
  targetKindOf(target).validate(target, ['warehouse'], (path, problem) =>
    found.push(`${path.join(' › ')}: ${problem}`),
  );
  return found;
};

describe('warehouse targets', () => {
  it('Redshift Serverless and provisioned: where deploy sends the SQL', () => {
    const serverless = redshiftServerless({ workgroup: 'wg', database: 'db', copyRoleName: 'copy' });
    const cluster = redshiftCluster({
      clusterIdentifier: 'c1',
      database: 'db',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db',
      copyRoleName: 'copy',
    });
    expect(targetKindOf(serverless).apiTarget(serverless)).toEqual({ Database: 'db', WorkgroupName: 'wg' });
    expect(targetKindOf(cluster).apiTarget(cluster)).toEqual({
      Database: 'db',
      ClusterIdentifier: 'c1',
      SecretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db',
    });
    expect(targetKindOf(cluster).dialect).toBe('redshift');
  });

  it('reports a target that names both or neither, and a secret that is not an ARN', () => {
    const both = {
      kind: 'redshift',
      workgroup: 'wg',
      clusterIdentifier: 'c',
      database: 'd',
      copyRoleName: 'r',
    } as const;
    expect(problems(both)).toEqual(['warehouse: set exactly one of workgroup and clusterIdentifier']);
    expect(
      problems(
        redshiftServerless({ workgroup: 'wg', database: 'd', secretArn: 'my-secret', copyRoleName: 'r' }),
      ),
    ).toEqual(['warehouse › secretArn: is not a Secrets Manager ARN']);
  });

  it('Aurora PostgreSQL: the RDS Data API target, and what it reads from the lake', () => {
    const target = auroraPostgres({
      clusterArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:analytics',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:analytics',
      database: 'analytics',
      importRoleName: 'import',
    });
    expect(problems(target)).toEqual([]);
    expect(targetKindOf(target).apiTarget(target)).toEqual({
      resourceArn: 'arn:aws:rds:eu-west-1:111111111111:cluster:analytics',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:analytics',
      database: 'analytics',
    });
    expect(targetKindOf(target).dialect).toBe('postgres');
    expect(targetKindOf(target).reads).toBe('csv');
    expect(TARGET_KINDS.redshift.reads).toBe('parquet');
  });

  it('reports an Aurora target whose cluster, secret or database is not what AWS takes', () => {
    const bad = auroraPostgres({
      clusterArn: 'arn:aws:rds:eu-west-1:111111111111:db:analytics',
      secretArn: 'analytics-secret',
      database: 'my-db',
      importRoleName: 'import',
    });
    expect(problems(bad)).toEqual([
      'warehouse › clusterArn: is not an Aurora DB cluster ARN: "arn:aws:rds:eu-west-1:111111111111:db:analytics"',
      'warehouse › secretArn: is not a Secrets Manager ARN',
      'warehouse › database: is not a PostgreSQL database name: "my-db"',
    ]);
  });

  it('a stage reads the earlier `redshift` spelling, and refuses both spellings at once', () => {
    const base = { name: 'dev', account: '111111111111', region: 'eu-west-1', bucket: 'b-dev' };
    const old = stage({ ...base, redshift: { workgroup: 'wg', database: 'd', copyRoleName: 'r' } });
    expect(old.warehouse).toEqual(redshiftServerless({ workgroup: 'wg', database: 'd', copyRoleName: 'r' }));
    expect(() =>
      stage({
        ...base,
        warehouse: old.warehouse,
        redshift: { workgroup: 'wg', database: 'd', copyRoleName: 'r' },
      }),
    ).toThrow(/give its warehouse once/);
  });
});
