/**
 * A Lambda task as it renders: the `lambda:invoke` state with its payload, result, Retry and
 * Catch, and the state-machine role allowed to invoke exactly that function.
 */
import { describe, expect, it } from 'vitest';
import { findStage, lambdaFunction } from '../../core/index.js';
import { synthStateMachine } from '../../state-machines/index.js';
import { fixtureFunction, lambdaPipeline } from '../fixtures/lambda/lambda-pipeline.js';
import { validateAsl } from './asl.js';

const later = lambdaFunction({ name: 'later', entry: fixtureFunction('echo.ts'), timeoutSeconds: 120 });
const pipeline = lambdaPipeline([later]);
const dev = findStage(pipeline, 'dev');
const [asl, , role] = synthStateMachine(pipeline, dev, { warehouseLoad: [] });
const definition = JSON.parse(asl!.content) as {
  StartAt: string;
  TimeoutSeconds: number;
  States: Record<string, unknown>;
};
const FUNCTION = 'arn:aws:lambda:eu-west-1:111111111111:function:lambda-fixture-dev-echo';

describe('a lambdaFunction task', () => {
  it('renders a valid machine starting with the invocation', () => {
    expect(validateAsl(definition)).toMatchObject({ isValid: true });
    expect(definition.StartAt).toBe('Invoke echo');
  });

  it('invokes the stage’s function with the payload, keeping only the answer', () => {
    expect(definition.States['Invoke echo']).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: FUNCTION,
        Payload: { 'run.$': '$$.Execution.Name', source: 'fixture', nested: { 'input.$': '$' } },
      },
      ResultSelector: { 'Payload.$': '$.Payload' },
      ResultPath: '$.functions.echo',
      TimeoutSeconds: 40,
      Retry: [
        {
          ErrorEquals: [
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
            'Lambda.TooManyRequestsException',
          ],
          IntervalSeconds: 1,
          MaxAttempts: 3,
          BackoffRate: 2,
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Notify failure', ResultPath: '$.error' }],
      Next: 'Invoke later',
    });
  });

  it('passes the state’s input by default, and counts the function’s timeout in the machine’s', () => {
    expect(definition.States['Invoke later']).toMatchObject({
      Parameters: { 'Payload.$': '$' },
      TimeoutSeconds: 150,
      Next: 'Notify success',
    });
    expect(definition.TimeoutSeconds).toBeGreaterThan(4 * 150);
  });

  it('lets the role invoke exactly its functions and their versions', () => {
    const statements = JSON.parse(role!.content).Policies[0].PolicyDocument.Statement as {
      Action: string[];
      Resource: string[];
    }[];
    const invoke = statements.filter((s) => s.Action.includes('lambda:InvokeFunction'));
    expect(invoke.flatMap((s) => s.Resource).sort()).toEqual(
      [
        FUNCTION,
        `${FUNCTION}:*`,
        FUNCTION.replace('echo', 'later'),
        `${FUNCTION.replace('echo', 'later')}:*`,
      ].sort(),
    );
    expect(invoke.every((s) => s.Action.length === 1)).toBe(true);
  });

  it('renders inside a Parallel branch beside another task, re-raising its error there', () => {
    const beside = lambdaFunction({ name: 'beside', entry: fixtureFunction('echo.ts') });
    const p = lambdaPipeline([beside, later]);
    const [a] = synthStateMachine(p, findStage(p, 'local'), { warehouseLoad: [] });
    const d = JSON.parse(a!.content) as { States: Record<string, { Type: string; Branches?: unknown[] }> };
    expect(validateAsl(d)).toMatchObject({ isValid: true });
    const parallel = d.States['Run beside, later']!;
    expect(parallel.Type).toBe('Parallel');
    expect(JSON.stringify(parallel.Branches)).toContain('"Invoke beside failed"');
  });
});
