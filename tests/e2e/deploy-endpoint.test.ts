/**
 * The deploy path end to end, with the real AWS SDK clients over HTTP against `lakeline local
 * serve`: deploy → plan shows no changes → change the pipeline → plan shows exactly that change →
 * deploy → StartExecution runs the pipeline and the warehouse holds the data → destroy leaves
 * nothing tagged. A throttled call is retried; a refused one is reported with resource and call.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { GetJobCommand, GetTagsCommand, ListJobsCommand } from '@aws-sdk/client-glue';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
} from '@aws-sdk/client-redshift-data';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTree, treeDir, writeTree } from '../../cli/synth-tree.js';
import { ArtifactTree, artifactLayout, findStage, type Pipeline } from '../../core/index.js';
import {
  applyDestroy,
  applyPlan,
  type Clients,
  createClients,
  DeployError,
  destroyClients,
  planDestroy,
  planTree,
  type TreePlan,
} from '../../deploy/index.js';
import { type LocalServer, serveLocal } from '../../local/endpoint/index.js';
import pipeline from '../../pipelines/student-enrollment/pipeline.js';
import { writeSample } from '../../pipelines/student-enrollment/sample.js';
import { lakelineAsync } from '../cli/run-cli.js';

const stage = findStage(pipeline, 'local');
const root = mkdtempSync(join(tmpdir(), 'lakeline-deploy-'));
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

const requests: { target: string; status: number }[] = [];
let server: LocalServer;
let clients: Clients;
let tree: ArtifactTree;

beforeAll(async () => {
  tree = synth(pipeline);
  server = await serveLocal({
    workdir: join(root, 'account'),
    trees: [join(out, 'local')],
    port: 0,
    faults: [{ operation: 'glue:CreateJob', error: 'ThrottlingException', times: 1 }],
    onRequest: (r) => requests.push({ target: r.target, status: r.status }),
  });
  clients = createClients({ region: tree.manifest.region, endpoint: server.url });
});

afterAll(async () => {
  destroyClients(clients);
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

async function sql(text: string): Promise<string[][]> {
  const target = tree.json<{ Database: string; WorkgroupName: string }>(
    artifactLayout.warehouseTarget('redshift'),
  );
  const { Id } = await clients.redshiftData.send(new ExecuteStatementCommand({ ...target, Sql: text }));
  for (;;) {
    const d = await clients.redshiftData.send(new DescribeStatementCommand({ Id }));
    if (d.Status === 'FAILED') throw new Error(d.Error);
    if (d.Status === 'FINISHED') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const result = await clients.redshiftData.send(new GetStatementResultCommand({ Id }));
  return (result.Records ?? []).map((row) => row.map((f) => String(f.stringValue ?? f.longValue ?? '')));
}

describe('deploy to the local endpoint', () => {
  it('plans every resource as a create on an empty account', async () => {
    const plan = await planTree(tree, clients);
    expect(plan.changes.every((c) => c.action === 'create')).toBe(true);
    const types = new Set(plan.changes.map((c) => c.resource.type));
    expect([...types].sort()).toEqual([
      'AWS::Glue::Classifier',
      'AWS::Glue::Crawler',
      'AWS::Glue::DataQualityRuleset',
      'AWS::Glue::Database',
      'AWS::Glue::Job',
      'AWS::IAM::Role',
      'AWS::LakeFormation::DataCellsFilter',
      'AWS::LakeFormation::Permissions',
      'AWS::RedshiftData::Sql',
      'AWS::S3::Bucket',
      'AWS::S3::Object',
      'AWS::SNS::Topic',
      'AWS::Scheduler::Schedule',
      'AWS::Scheduler::ScheduleGroup',
      'AWS::StepFunctions::StateMachine',
    ]);
  });

  it('deploys everything, retrying the throttled CreateJob, and a second plan shows no changes', async () => {
    await applyPlan(await planTree(tree, clients), clients);
    const createJobs = requests.filter((r) => r.target === 'AWSGlue.CreateJob');
    // Four jobs, the first refused once with ThrottlingException and retried by the SDK.
    expect(createJobs.map((r) => r.status)).toEqual([400, 200, 200, 200, 200]);
    const again = await planTree(tree, clients);
    expect(actions(again)).toEqual([]);
    expect(again.changes.length).toBeGreaterThan(30);
  });

  it('plans exactly the change made to the pipeline, and deploys it', async () => {
    const changed: Pipeline = {
      ...pipeline,
      jobs: pipeline.jobs.map((j) => (j.name === 'courses' ? { ...j, numberOfWorkers: 4 } : j)),
    };
    tree = synth(changed);
    const plan = await planTree(tree, clients);
    expect(actions(plan)).toEqual(['update AWS::Glue::Job student-enrollment-local-courses']);
    const update = plan.changes.find((c) => c.action === 'update')!;
    expect(update.changes).toEqual([{ field: 'NumberOfWorkers', from: 2, to: 4 }]);
    await applyPlan(plan, clients);
    const job = await clients.glue.send(new GetJobCommand({ JobName: 'student-enrollment-local-courses' }));
    expect(job.Job?.NumberOfWorkers).toBe(4);
    expect(actions(await planTree(tree, clients))).toEqual([]);
    tree = synth(pipeline);
    await applyPlan(await planTree(tree, clients), clients);
  });

  it('runs the pipeline on StartExecution, reported in AWS shapes, and loads the warehouse', async () => {
    const input = join(root, 'input');
    const sample = writeSample({ out: input, rows: 200, seed: 3, dirty: 0.1 });
    for (const dataset of readdirSync(input)) {
      for (const file of readdirSync(join(input, dataset))) {
        await clients.s3.send(
          new PutObjectCommand({
            Bucket: tree.manifest.bucket,
            Key: `student-enrollment/raw/${dataset}/${file}`,
            Body: readFileSync(join(input, dataset, file)),
          }),
        );
      }
    }
    const machines = await clients.sfn.send(new ListStateMachinesCommand({}));
    const arn = machines.stateMachines?.find(
      (m) => m.name === 'student-enrollment-local-state-machine',
    )?.stateMachineArn;
    expect(arn).toBeDefined();
    const { executionArn } = await clients.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'first-run', input: '{}' }),
    );
    let status = 'RUNNING';
    for (let i = 0; i < 600 && status === 'RUNNING'; i++) {
      const d = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
      status = d.status ?? 'UNKNOWN';
      if (status === 'FAILED') throw new Error(`${d.error}: ${d.cause}`);
      if (status === 'RUNNING') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('SUCCEEDED');
    const history = await clients.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }),
    );
    const types = history.events?.map((e) => e.type) ?? [];
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(types).toContain('TaskStateEntered');
    const [[facts]] = (await sql('SELECT count(*) FROM edu.enrollment_fact')) as [[string]];
    expect(Number(facts)).toBe(sample.expected.enrollments.outputRows);
  });

  it('destroy removes everything tagged, keeps the bucket and the warehouse, and leaves nothing tagged', async () => {
    // The three warehouse SQL files (the warehouse holds data) and the stage's bucket.
    const KEPT = [
      'AWS::RedshiftData::Sql',
      'AWS::RedshiftData::Sql',
      'AWS::RedshiftData::Sql',
      'AWS::S3::Bucket',
    ];
    const steps = await planDestroy(tree, clients);
    expect(
      steps
        .filter((s) => s.action === 'keep')
        .map((s) => s.resource.type)
        .sort(),
    ).toEqual(KEPT);
    await applyDestroy(steps, clients);

    const jobs = await clients.glue.send(new ListJobsCommand({}));
    const tagged: string[] = [];
    for (const name of jobs.JobNames ?? []) {
      const tags = await clients.glue.send(
        new GetTagsCommand({
          ResourceArn: `arn:aws:glue:${tree.manifest.region}:${tree.manifest.account}:job/${name}`,
        }),
      );
      if (tags.Tags?.['lakeline:pipeline'] !== undefined) tagged.push(name);
    }
    expect(tagged).toEqual([]);
    expect((await clients.sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    expect((await clients.sns.send(new ListTopicsCommand({}))).Topics ?? []).toEqual([]);
    const roles = (await clients.iam.send(new ListRolesCommand({}))).Roles ?? [];
    expect(roles.map((r) => r.RoleName)).toEqual([]);
    const objects = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: tree.manifest.bucket, Prefix: 'student-enrollment/plans/' }),
    );
    expect(objects.KeyCount ?? 0).toBe(0);
    // Everything destroy removed plans as a create again; what it kept plans as it was.
    const plan = await planTree(tree, clients);
    expect(
      plan.changes
        .filter((c) => c.action !== 'create')
        .map((c) => c.resource.type)
        .sort(),
    ).toEqual(KEPT);
  });
});

describe('a refused call', () => {
  it('is reported with the resource, the call and what AWS said, and a re-run converges', async () => {
    const refusing = await serveLocal({
      workdir: join(root, 'refusing'),
      trees: [join(out, 'local')],
      port: 0,
      // Refused twice (once through the API, once through the CLI), then served.
      faults: [{ operation: 'iam:CreateRole', error: 'AccessDenied', times: 2 }],
    });
    const c = createClients({ region: tree.manifest.region, endpoint: refusing.url });
    try {
      const error = await applyPlan(await planTree(tree, c), c).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DeployError);
      expect((error as DeployError).resource).toMatch(/^role student-enrollment-local-/);
      expect((error as DeployError).call).toBe('CreateRole');
      expect((error as DeployError).awsCode).toBe('AccessDenied');

      // Through the CLI: a non-zero exit and one line saying the same.
      const { AWS_ACCESS_KEY_ID: _, AWS_PROFILE: __, ...env } = process.env;
      const cliOut = relative(process.cwd(), join(root, 'cli-out'));
      const args = ['student-enrollment', '--stage', 'local', '--endpoint', refusing.url, '--out', cliOut];
      const refused = await lakelineAsync(['deploy', ...args], env);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(
        /error: role student-enrollment-local-\S+: CreateRole failed: AccessDenied: /,
      );

      // What was created before the refusal is found, the rest is created: deploy converges.
      const deployed = await lakelineAsync(['deploy', ...args], env);
      expect(deployed.status).toBe(0);
      expect(deployed.stdout).toMatch(/Plan: \d+ to create, 0 to update, 0 to delete, \d+ unchanged\./);
      const plan = await lakelineAsync(['plan', ...args, '--json'], env);
      expect(plan.status).toBe(0);
      const rows = JSON.parse(plan.stdout) as { resource: string; type: string; action: string }[];
      expect(rows.length).toBeGreaterThan(30);
      expect(rows.filter((r) => r.action !== 'none')).toEqual([]);
    } finally {
      destroyClients(c);
      await refusing.close();
    }
  });
});
