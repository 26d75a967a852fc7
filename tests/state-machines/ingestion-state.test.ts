/**
 * The ingestion state's states in a pipeline's machine (patterns/ingestion-state.ts): read first
 * with the missing object caught, each incremental job given its dataset's entry, written on the
 * success path only, and a role that reaches that one object.
 */
import { describe, expect, it } from 'vitest';
import { findStage } from '../../core/index.js';
import { synthStateMachine } from '../../state-machines/index.js';
import { incrementalPipeline } from '../fixtures/incremental-pipeline.js';

const pipeline = incrementalPipeline();
const stage = findStage(pipeline, 'local');
const artifacts = synthStateMachine(pipeline, stage, { warehouseLoad: [] });
const json = (suffix: string) => JSON.parse(artifacts.find((a) => a.path.endsWith(suffix))!.content);

describe('the ingestion state in the state machine', () => {
  const asl = json('state-machine.asl.json');
  const states = asl.States as Record<string, Record<string, unknown>>;

  it('starts by reading the state, a missing object an empty state', () => {
    expect(asl.StartAt).toBe('Read ingestion state');
    expect(states['Read ingestion state']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
      Parameters: {
        Bucket: stage.bucket,
        'Key.$': "States.Format('bronze-increments/state/ingestion_state.json')",
      },
      Next: 'Ingestion marks',
    });
    expect(
      (states['Read ingestion state']!.Catch as { ErrorEquals: string[]; Next: string }[])[0],
    ).toMatchObject({
      ErrorEquals: ['S3.NoSuchKeyException'],
      Next: 'No ingestion state yet',
    });
    expect(states['Merge ingestion marks']!.Parameters).toEqual({
      'current.$': 'States.JsonMerge($.ingestion.empty, $.ingestion.stored, false)',
    });
  });

  it("gives each incremental job its dataset's entry", () => {
    const level = states['Run jobs bronze-customers, bronze-events'] as {
      Branches: { StartAt: string; States: Record<string, { Parameters: { Arguments: unknown } }> }[];
    };
    const args = level.Branches.map((b) => b.States[b.StartAt]!.Parameters.Arguments);
    expect(args).toContainEqual({
      '--run_id.$': '$$.Execution.Name',
      '--lakeline_ingestion_state.$': 'States.JsonToString($.ingestion.current.customers)',
    });
  });

  it('writes it after every task and before the success notification, never on the failure path', () => {
    expect(states['Record ingestion marks']!.Parameters).toEqual({
      'customers.$': '$.summaries.bronze_customers.Body.ingestion.state',
      'events.$': '$.summaries.bronze_events.Body.ingestion.state',
    });
    expect(states['Write ingestion state']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
      Next: 'Notify success',
    });
    const reaching = Object.entries(states)
      .filter(([, s]) => s.Next === 'Write ingestion state')
      .map(([n]) => n);
    expect(reaching).toEqual(['Record ingestion marks']);
  });

  it('lets the role read and write that one object, and list only its key', () => {
    const role = json('iam/state-machine-role.json');
    const statements = JSON.stringify(role);
    const key = `arn:aws:s3:::${stage.bucket}/bronze-increments/state/ingestion_state.json`;
    expect(statements).toContain(key);
    const all = (role.Policies ?? role.policies ?? [role]).flatMap(
      (p: { PolicyDocument?: { Statement: unknown[] } }) => p.PolicyDocument?.Statement ?? [],
    );
    const onKey = all.filter((s: { Resource: string[] | string }) => [s.Resource].flat().includes(key));
    expect(onKey.flatMap((s: { Action: string[] | string }) => [s.Action].flat()).sort()).toEqual([
      's3:GetObject',
      's3:PutObject',
    ]);
    expect(statements).toContain('"s3:prefix":["bronze-increments/state/ingestion_state.json"]');
  });
});
