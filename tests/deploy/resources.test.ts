/**
 * Deploy's comparisons, on the golden dev tree with stubbed SDK clients: what AWS adds on its own
 * is not a change, what the tree changed is, and a Lake Formation table grant is not confused
 * with the column grant AWS may list beside it.
 */
import { join } from 'node:path';
import { LakeFormationClient } from '@aws-sdk/client-lakeformation';
import { describe, expect, it } from 'vitest';
import { ArtifactTree } from '../../core/index.js';
import { type Clients, deployContext, treeResources } from '../../deploy/index.js';
import { diffFields, project } from '../../deploy/resource.js';
import { lakeFormationResources } from '../../deploy/resources/lakeformation.js';

const tree = new ArtifactTree(join(import.meta.dirname, '../golden/dev/student-enrollment'));
const ctx = deployContext(tree);

describe('comparing with what AWS reports', () => {
  it('leaves out the fields AWS adds, recursively', () => {
    const desired = { Targets: { S3Targets: [{ Path: 's3://b/raw/' }] }, Role: 'r' };
    const current = {
      Targets: { S3Targets: [{ Path: 's3://b/raw/', Exclusions: [] }], JdbcTargets: [] },
      Role: 'r',
      CreationTime: 1,
    };
    expect(diffFields(desired, project(current, desired) as Record<string, unknown>)).toEqual([]);
  });

  it('reports a changed field with its old and new value, key order ignored', () => {
    expect(diffFields({ A: { x: 1, y: 2 }, N: 4 }, { N: 2, A: { y: 2, x: 1 } })).toEqual([
      { field: 'N', from: 2, to: 4 },
    ]);
  });
});

describe('the resources of the dev tree', () => {
  it('are tagged with the pipeline and the stage', () => {
    expect(ctx.tags).toMatchObject({ 'lakeline:pipeline': 'student-enrollment', 'lakeline:stage': 'dev' });
    const job = treeResources(ctx).find((r) => r.type === 'AWS::Glue::Job')!;
    expect(job.desired.Tags).toMatchObject(ctx.tags);
  });

  it('come in dependency order: roles before what uses them, the state machine near the end', () => {
    const types = treeResources(ctx).map((r) => r.type);
    const first = (t: string) => types.indexOf(t);
    expect(first('AWS::S3::Bucket')).toBe(0);
    expect(first('AWS::IAM::Role')).toBeLessThan(first('AWS::Glue::Crawler'));
    expect(first('AWS::Glue::Classifier')).toBeLessThan(first('AWS::Glue::Crawler'));
    expect(first('AWS::LakeFormation::DataCellsFilter')).toBeLessThan(
      first('AWS::LakeFormation::Permissions'),
    );
    expect(first('AWS::Glue::Database')).toBeLessThan(first('AWS::LakeFormation::Permissions'));
    expect(types.slice(-3)).toEqual([
      'AWS::StepFunctions::StateMachine',
      'AWS::Scheduler::ScheduleGroup',
      'AWS::Scheduler::Schedule',
    ]);
  });
});

describe('a Lake Formation table grant', () => {
  const grant = lakeFormationResources(ctx).find(
    (r) =>
      r.type === 'AWS::LakeFormation::Permissions' &&
      r.name.endsWith('→ table student_enrollment_dev_processed.enrollments'),
  )!;

  it('reads only the grants on the table itself, not the column grants listed with it', async () => {
    const table = {
      Table: {
        CatalogId: '111111111111',
        DatabaseName: 'student_enrollment_dev_processed',
        Name: 'enrollments',
      },
    };
    const columns = {
      TableWithColumns: { ...table.Table, ColumnWildcard: { ExcludedColumnNames: ['notes'] } },
    };
    // A real client (the SDK's paginator checks it) whose calls get the stubbed answer.
    const lakeFormation = Object.assign(new LakeFormationClient({ region: 'eu-west-1' }), {
      send: async () => ({
        PrincipalResourcePermissions: [
          { Resource: table, Permissions: ['DESCRIBE'], PermissionsWithGrantOption: [] },
          { Resource: columns, Permissions: ['SELECT'], PermissionsWithGrantOption: [] },
        ],
      }),
    });
    const current = await grant.read({ lakeFormation } as unknown as Clients);
    expect(current).toEqual({ Permissions: ['DESCRIBE'], PermissionsWithGrantOption: [] });
    expect(diffFields(grant.desired, current!)).toEqual([]);
  });
});
