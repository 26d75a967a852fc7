/** The artifact tree's layout: where each file is, and families that give a path's name back. */
import { describe, expect, it } from 'vitest';
import { artifactLayout as layout, WAREHOUSE_FILES, WAREHOUSE_SETUP_FILES } from '../../core/index.js';

describe('artifactLayout', () => {
  it.each([
    [layout.manifest, 'manifest.json'],
    [layout.stateMachine, 'state-machine.asl.json'],
    [layout.topic, 'sns/topic.json'],
    [layout.scheduleGroup, 'scheduler/group.json'],
    [layout.schedule, 'scheduler/schedule.json'],
    [layout.lakeFormationGrants, 'lakeformation/grants.json'],
    [layout.warehouseTarget('redshift'), 'redshift/target.json'],
    [layout.warehouseTarget('postgres'), 'postgres/target.json'],
    [layout.warehouseFile('postgres', WAREHOUSE_FILES.load), 'postgres/04-load.sql'],
    [layout.standInWarehouseFile(WAREHOUSE_FILES.load), 'local/postgres/04-load.sql'],
    [layout.classifiers.path('p-dev-csv'), 'glue/classifiers/p-dev-csv.json'],
    [layout.crawlers.path('raw'), 'glue/crawlers/raw.json'],
    [layout.jobConfigs.path('students'), 'glue/jobs/students.json'],
    [layout.jobPlans.path('students'), 'glue/plans/students.json'],
    [layout.glueScripts.path('lakeline_runner.py'), 'glue/scripts/lakeline_runner.py'],
    [layout.rulesets.path('students'), 'quality/students.dqdl'],
    [layout.glueJobRole, 'iam/glue-job-role.json'],
    [layout.stateMachineRole, 'iam/state-machine-role.json'],
    [layout.schedulerRole, 'iam/scheduler-role.json'],
    [layout.redshiftCopyRole, 'iam/redshift-copy-role.json'],
    [layout.postgresImportRole, 'iam/postgres-import-role.json'],
    [layout.lambdaBundles.path('parse'), 'lambda/parse/index.mjs'],
    [layout.lambdaZips.path('parse'), 'lambda/parse.zip'],
    [layout.lambdaConfigs.path('parse'), 'lambda/parse/function.json'],
    [layout.lambdaRole('parse'), 'iam/lambda-parse-role.json'],
  ])('%s', (path, expected) => {
    expect(path).toBe(expected);
  });

  it.each([
    ['glue/plans/students.json', 'students'],
    ['glue/jobs/students.json', undefined],
    ['glue/plans/students.py', undefined],
    ['glue/plans/nested/students.json', undefined],
    ['glue/plans/.json', undefined],
  ])('jobPlans.nameOf(%s) is %s', (path, name) => {
    expect(layout.jobPlans.nameOf(path)).toBe(name);
  });

  it.each([
    ['lambda/parse.zip', 'parse', undefined, undefined],
    ['lambda/parse/index.mjs', undefined, 'parse', undefined],
    ['lambda/parse/function.json', undefined, undefined, 'parse'],
  ])('the Lambda families tell %s apart', (path, zip, bundle, config) => {
    expect([
      layout.lambdaZips.nameOf(path),
      layout.lambdaBundles.nameOf(path),
      layout.lambdaConfigs.nameOf(path),
    ]).toEqual([zip, bundle, config]);
  });

  it('sets a warehouse up with every file but the load, in order', () => {
    expect(WAREHOUSE_SETUP_FILES).toEqual(['01-schema.sql', '02-roles.sql', '03-policies.sql']);
  });
});
