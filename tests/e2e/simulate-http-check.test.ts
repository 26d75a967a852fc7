/**
 * The HTTP health check task kind end to end: the flagship with a check of an API before its raw
 * crawl, simulated against a local HTTP server. A 2xx lets the run go on; a 503 is retried and
 * then fails the run through the failure route before anything is crawled.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawler, definePipeline, findStage, httpCheck, type Pipeline, type Task } from '../../core/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';
import { synthStateMachine } from '../../state-machines/index.js';
import { validateAsl } from '../state-machines/asl.js';
import { makeWorld, run } from './simulate-world.js';

const world = makeWorld(60, 0);
let status = 200;
const calls: string[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The flagship with `api-health` checked before the raw crawl. */
function checked(): Pipeline {
  const check = httpCheck({
    name: 'api-health',
    endpoints: {
      local: url,
      dev: 'https://api.dev.example.com/health',
      prod: 'https://api.example.com/health',
    },
    connections: {
      dev: 'arn:aws:events:eu-west-1:111111111111:connection/api/0f1e2d3c',
      prod: 'arn:aws:events:eu-west-1:222222222222:connection/api/4b5a6978',
    },
  });
  const tasks = flagship.tasks.map(
    (t): Task => (t.kind === 'crawler' && t.layer === 'raw' ? crawler({ ...t, after: [check] }) : t),
  );
  return definePipeline({ ...flagship, tasks: [check, ...tasks] });
}

describe('an HTTP health check before the raw crawl', () => {
  it('renders an HTTP Task with the stage connection, and grants exactly that endpoint', () => {
    const p = checked();
    const dev = findStage(p, 'dev');
    const [asl, , role] = synthStateMachine(p, dev, {
      warehouseLoad: [{ sql: 'select 1', label: 'SELECT', part: 0 }],
    });
    const definition = JSON.parse(asl!.content as string) as {
      StartAt: string;
      States: Record<string, unknown>;
    };
    expect(validateAsl(definition)).toMatchObject({ isValid: true });
    expect(definition.StartAt).toBe('Check api-health');
    expect(definition.States['Check api-health']).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::http:invoke',
      Parameters: {
        ApiEndpoint: 'https://api.dev.example.com/health',
        Method: 'GET',
        Authentication: { ConnectionArn: 'arn:aws:events:eu-west-1:111111111111:connection/api/0f1e2d3c' },
      },
      Next: 'Start raw crawler',
    });
    const statements = JSON.parse(role!.content as string).Policies[0].PolicyDocument.Statement as {
      Action: string[];
      Condition?: unknown;
    }[];
    expect(statements.find((s) => s.Action.includes('states:InvokeHTTPEndpoint'))?.Condition).toEqual({
      StringEquals: {
        'states:HTTPEndpoint': 'https://api.dev.example.com/health',
        'states:HTTPMethod': 'GET',
      },
    });
    expect(statements.some((s) => s.Action.includes('events:RetrieveConnectionCredentials'))).toBe(true);
  });

  it('refuses a stage without an HTTPS endpoint or a connection', () => {
    const bad = httpCheck({
      name: 'api-health',
      endpoints: { local: url, dev: 'http://api.dev.example.com', prod: 'https://x.example.com' },
    });
    expect(() => definePipeline({ ...flagship, tasks: [bad, ...flagship.tasks] })).toThrow(
      /tasks › api-health › endpoints › dev: "http:\/\/api.dev.example.com" is not HTTPS[\s\S]*tasks › api-health › connections › dev: no connection for stage dev/,
    );
  });

  it('goes on when the endpoint answers 200', async () => {
    status = 200;
    calls.length = 0;
    const { run: record } = await run(world, { pipeline: checked() });
    expect(record.status).toBe('SUCCEEDED');
    expect(calls).toEqual(['GET /health']);
    expect(record.states.slice(0, 2).map((s) => [s.name, s.status])).toEqual([
      ['Check api-health', 'SUCCEEDED'],
      ['Start raw crawler', 'SUCCEEDED'],
    ]);
  });

  it('retries a 503, then fails the run through the failure route before anything is crawled', async () => {
    status = 503;
    calls.length = 0;
    const { run: record } = await run(world, { pipeline: checked() });
    expect(record.status).toBe('FAILED');
    expect(record.error).toMatch(/States\.Http\.StatusCode\.503/);
    expect(calls).toHaveLength(4);
    expect(record.states.map((s) => s.name)).not.toContain('Start raw crawler');
    expect(record.notifications[0]?.subject).toBe('lakeline student-enrollment (local): run failed');
  });
});
