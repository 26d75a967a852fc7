/**
 * Deploying a stage whose warehouse is Aurora PostgreSQL, with the real AWS SDK over HTTP against
 * `lakeline local serve`: the set-up files go through the RDS Data API, each in one transaction;
 * the plan shows them as `AWS::RDSData::Sql`, and once applied as nothing to do. A file that fails
 * halfway leaves nothing of itself behind.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTree, treeDir, writeTree } from '../../cli/synth-tree.js';
import {
  ArtifactTree,
  artifactLayout,
  definePipeline,
  LOCAL_STAGE,
  type Pipeline,
  WAREHOUSE_FILES,
  WAREHOUSE_SETUP_FILES,
} from '../../core/index.js';
import {
  applyPlan,
  type Clients,
  createClients,
  destroyClients,
  planTree,
  type TreePlan,
} from '../../deploy/index.js';
import { type LocalServer, serveLocal } from '../../local/endpoint/index.js';
import { aurora } from '../fixtures/aurora-stage.js';
import { miniSpec } from '../fixtures/mini-pipeline.js';

const root = mkdtempSync(join(tmpdir(), 'lakeline-deploy-aurora-'));
const out = join(root, 'out');
const pipeline = definePipeline({ ...miniSpec(), stages: [LOCAL_STAGE, aurora] });

function synth(p: Pipeline): ArtifactTree {
  const dir = treeDir(out, p, aurora);
  writeTree(dir, synthTree(p, aurora));
  return new ArtifactTree(dir);
}

const sqlChanges = (plan: TreePlan) =>
  plan.changes
    .filter((c) => c.resource.type === 'AWS::RDSData::Sql')
    .map((c) => `${c.action} ${c.resource.name}`);

let server: LocalServer;
let clients: Clients;
let tree: ArtifactTree;

beforeAll(async () => {
  tree = synth(pipeline);
  server = await serveLocal({ workdir: join(root, 'account'), trees: [join(out, 'dev')], port: 0 });
  clients = createClients({ region: tree.manifest.region, endpoint: server.url });
});

afterAll(async () => {
  destroyClients(clients);
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

/** One query through the RDS Data API; each row's first column as text. */
async function sql(text: string): Promise<string[]> {
  const target = tree.json(artifactLayout.warehouseTarget('postgres')) as unknown as {
    resourceArn: string;
    secretArn: string;
    database: string;
  };
  const result = await clients.rdsData.send(new ExecuteStatementCommand({ ...target, sql: text }));
  return (result.records ?? []).map((row) => String(Object.values(row[0] ?? {})[0]));
}

describe('deploying an Aurora PostgreSQL warehouse', () => {
  it('plans the set-up files as SQL to create, sent through the RDS Data API', async () => {
    const plan = await planTree(tree, clients);
    expect(sqlChanges(plan)).toEqual(
      WAREHOUSE_SETUP_FILES.map((f) => `create ${artifactLayout.warehouseFile('postgres', f)}`),
    );
    await applyPlan(plan, clients);
    expect(sqlChanges(await planTree(tree, clients))).toEqual(
      WAREHOUSE_SETUP_FILES.map((f) => `none ${artifactLayout.warehouseFile('postgres', f)}`),
    );
  });

  it('created the star as a real server gets it: logged tables, unlogged staging, the roles', async () => {
    const persistence = await sql(
      "SELECT n.nspname || '.' || c.relname || ':' || c.relpersistence::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname IN ('shop', 'shop_staging') ORDER BY 1",
    );
    expect(persistence.filter((t) => t.startsWith('shop.')).every((t) => t.endsWith(':p'))).toBe(true);
    expect(persistence.filter((t) => t.startsWith('shop_staging.')).every((t) => t.endsWith(':u'))).toBe(
      true,
    );
    expect(persistence.length).toBeGreaterThan(2);
    expect(await sql("SELECT file FROM lakeline_deploy.applied WHERE stage = 'dev' ORDER BY file")).toEqual(
      [...WAREHOUSE_SETUP_FILES].sort(),
    );
  });

  it('rolls a failing file back whole and names the statement', async () => {
    const schema = artifactLayout.warehouseFile('postgres', WAREHOUSE_FILES.schema);
    tree = synth(pipeline);
    // The schema file gains a table, then a statement the server refuses.
    const path = join(tree.dir, schema);
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8')}\nCREATE TABLE shop.added_then_rolled_back (id INTEGER);\n\nSELECT no_such_function();\n`,
    );
    tree = new ArtifactTree(tree.dir);
    const plan = await planTree(tree, clients);
    expect(sqlChanges(plan)).toContain(`update ${schema}`);
    await expect(applyPlan(plan, clients)).rejects.toThrow(/no_such_function/);
    expect(await sql("SELECT count(*) FROM pg_class WHERE relname = 'added_then_rolled_back'")).toEqual([
      '0',
    ]);
  });
});
