/**
 * The Map state builder: an item processor run once per item, rendered as ASL's inline Map,
 * validated as a scope of its own, passing asl-validator, and executed by the simulator's
 * interpreter in order when MaxConcurrency is 1.
 */
import { describe, expect, it } from 'vitest';
import { createAslExecutor, type JsonValue } from '../../local/executor/index.js';
import {
  branch,
  chain,
  map,
  pass,
  renderStateMachine,
  StateDefinitionError,
  StateMachineValidationError,
  stateMachine,
  succeed,
  task,
} from '../../state-machines/index.js';
import { validateAsl } from './asl.js';

const ECHO = 'arn:aws:states:::aws-sdk:s3:getObject';

function machine(maxConcurrency: number) {
  const each = map('Each item', {
    itemsPath: '$.items',
    itemSelector: { 'item.$': '$$.Map.Item.Value', 'position.$': '$$.Map.Item.Index' },
    itemProcessor: branch(task('Handle item', { resource: ECHO, parameters: { 'Key.$': '$.item' } })),
    maxConcurrency,
    resultPath: '$.handled',
  });
  return stateMachine(chain(pass('Items', { result: { items: ['a', 'b', 'c'] } }), each, succeed('Done')));
}

describe('Map', () => {
  it('renders an inline Map that asl-validator accepts', () => {
    const definition = renderStateMachine(machine(1));
    expect(validateAsl(definition)).toMatchObject({ isValid: true });
    expect((definition.States as Record<string, unknown>)['Each item']).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Handle item' },
      Next: 'Done',
    });
  });

  it('runs the processor once per item, in order at MaxConcurrency 1', async () => {
    const seen: JsonValue[] = [];
    const result = await createAslExecutor().run(
      renderStateMachine(machine(1)) as JsonValue,
      {},
      {
        resolve: () => async (input) => {
          seen.push(input);
          return { Body: `body of ${(input as { Key: string }).Key}` };
        },
        context: {
          executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:run-1',
          executionName: 'run-1',
          stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m',
          stateMachineName: 'm',
          startTime: '2026-01-01T00:00:00.000Z',
        },
      },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(seen).toEqual([{ Key: 'a' }, { Key: 'b' }, { Key: 'c' }]);
    expect((result as unknown as { output: { handled: unknown } }).output.handled).toEqual([
      { Body: 'body of a' },
      { Body: 'body of b' },
      { Body: 'body of c' },
    ]);
  });

  it('validates its processor as a scope of its own, and refuses a bad MaxConcurrency', () => {
    const dangling = map('Each', { itemProcessor: { startAt: 'Nowhere', states: [succeed('End')] } });
    expect(() => stateMachine(dangling)).toThrow(StateMachineValidationError);
    expect(() => stateMachine(dangling)).toThrow(/item processor of "Each"/);
    expect(() => map('Each', { itemProcessor: branch(succeed('End')), maxConcurrency: -1 })).toThrow(
      StateDefinitionError,
    );
  });
});
