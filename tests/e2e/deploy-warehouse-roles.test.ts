/**
 * Deploying the warehouse's roles and policies with the real AWS SDK over HTTP against `lakeline
 * local serve`, onto a warehouse where the roles already exist; then a changed roles file: the plan
 * shows the two SQL files as updates, and the deploy takes back what the new version no longer
 * grants and keeps the rest; the first version deployed again restores it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
} from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTree, treeDir, writeTree } from '../../cli/synth-tree.js';
import { ArtifactTree, artifactLayout, findStage, type Pipeline, WAREHOUSE_FILES } from '../../core/index.js';
import {
  applyPlan,
  type Clients,
  createClients,
  destroyClients,
  planTree,
  type TreePlan,
} from '../../deploy/index.js';
import { type LocalServer, serveLocal } from '../../local/endpoint/index.js';
import pipeline from '../../pipelines/student-enrollment/pipeline.js';
import { PRIVILEGE_CHECKS, withChangedRoles } from '../fixtures/changed-roles.js';

const stage = findStage(pipeline, 'local');
const root = mkdtempSync(join(tmpdir(), 'lakeline-deploy-roles-'));
const out = join(root, 'out');

function synth(p: Pipeline): ArtifactTree {
  const dir = treeDir(out, p, stage);
  writeTree(dir, synthTree(p, stage));
  return new ArtifactTree(dir);
}

const actions = (plan: TreePlan) =>
  plan.changes
    .filter((c) => c.action !== 'none')
    .map((c) => `${c.action} ${c.resource.type} ${c.resource.name}`);

let server: LocalServer;
let clients: Clients;
let tree: ArtifactTree;

beforeAll(async () => {
  tree = synth(pipeline);
  server = await serveLocal({ workdir: join(root, 'account'), trees: [join(out, 'local')], port: 0 });
  clients = createClients({ region: tree.manifest.region, endpoint: server.url });
});

afterAll(async () => {
  destroyClients(clients);
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

/** One statement through the Data API; its first column of each row, as text. */
async function sql(text: string): Promise<string[]> {
  const target = tree.json<{ Database: string; WorkgroupName: string }>(
    artifactLayout.warehouseTarget('redshift'),
  );
  const { Id } = await clients.redshiftData.send(new ExecuteStatementCommand({ ...target, Sql: text }));
  for (;;) {
    const d = await clients.redshiftData.send(new DescribeStatementCommand({ Id }));
    if (d.Status === 'FAILED') throw new Error(`${text}: ${d.Error}`);
    if (d.Status === 'FINISHED') {
      if (d.HasResultSet !== true) return [];
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const result = await clients.redshiftData.send(new GetStatementResultCommand({ Id }));
  return (result.Records ?? []).map((row) => String(Object.values(row[0] ?? {})[0]));
}

async function privileges(): Promise<Record<string, boolean>> {
  const found: Record<string, boolean> = {};
  for (const check of PRIVILEGE_CHECKS) found[check.what] = (await sql(check.sql))[0] === 'true';
  return found;
}
const expected = (version: 'flagship' | 'changed') =>
  Object.fromEntries(PRIVILEGE_CHECKS.map((c) => [c.what, c[version]]));

const SQL_FILES = [WAREHOUSE_FILES.roles, WAREHOUSE_FILES.policies].map(
  (f) => `update AWS::RedshiftData::Sql ${artifactLayout.warehouseFile('redshift', f)}`,
);

describe('deploying the warehouse roles and policies', () => {
  it('deploys onto a warehouse whose cluster already has the roles', async () => {
    // Another database or pipeline made them: roles are the cluster's.
    for (const role of ['edu_reader', 'edu_writer', 'edu_us_advisor'])
      await sql(`CREATE ROLE ${role} NOLOGIN`);
    await applyPlan(await planTree(tree, clients), clients);
    expect(actions(await planTree(tree, clients))).toEqual([]);
    expect(await privileges()).toEqual(expected('flagship'));
  });

  it('a changed roles file plans as an update of the two SQL files, and converges on deploy', async () => {
    tree = synth(withChangedRoles(pipeline));
    const plan = await planTree(tree, clients);
    expect(actions(plan)).toEqual(SQL_FILES);
    await applyPlan(plan, clients);
    expect(await privileges()).toEqual(expected('changed'));
    expect(actions(await planTree(tree, clients))).toEqual([]);
  });

  it('the first version deployed again grants what it granted', async () => {
    tree = synth(pipeline);
    const plan = await planTree(tree, clients);
    expect(actions(plan)).toEqual(SQL_FILES);
    await applyPlan(plan, clients);
    expect(await privileges()).toEqual(expected('flagship'));
    expect(await sql("SELECT proname FROM pg_proc WHERE pronamespace = 'edu'::regnamespace")).toEqual([]);
  });
});
