import { describe, expect, it } from 'vitest';
import {
  branch,
  chain,
  chainOf,
  choice,
  cond,
  fail,
  including,
  parallel,
  pass,
  renderCondition,
  renderState,
  renderStateMachine,
  type State,
  StateDefinitionError,
  StateMachineValidationError,
  stateMachine,
  stateMachineGrants,
  succeed,
  task,
  wait,
} from '../../state-machines/index.js';

const retry = [{ errors: ['Glue.ThrottlingException'], intervalSeconds: 2, maxAttempts: 3, backoffRate: 2 }];

describe('renderState', () => {
  const cases: [string, State, Record<string, unknown>][] = [
    [
      'a Task with everything',
      task('Start raw crawler', {
        resource: 'arn:aws:states:::aws-sdk:glue:startCrawler',
        parameters: { Name: 'c', 'Input.$': '$.x' },
        resultSelector: { 'Id.$': '$.Id' },
        resultPath: null,
        timeoutSeconds: 60,
        retry,
        catch: [{ errors: ['States.ALL'], next: 'Handle', resultPath: '$.error' }],
        next: 'Wait',
        comment: 'why',
      }),
      {
        Type: 'Task',
        Comment: 'why',
        Resource: 'arn:aws:states:::aws-sdk:glue:startCrawler',
        Parameters: { Name: 'c', 'Input.$': '$.x' },
        ResultSelector: { 'Id.$': '$.Id' },
        ResultPath: null,
        TimeoutSeconds: 60,
        Retry: [
          { ErrorEquals: ['Glue.ThrottlingException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle', ResultPath: '$.error' }],
        Next: 'Wait',
      },
    ],
    [
      'a Task without next ends',
      task('T', { resource: 'arn:aws:states:::sns:publish' }),
      { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true },
    ],
    [
      'a Pass with a result',
      pass('P', { result: { a: 1 }, resultPath: '$.p', next: 'N' }),
      { Type: 'Pass', Result: { a: 1 }, ResultPath: '$.p', Next: 'N' },
    ],
    ['a Wait', wait('W', { seconds: 30, next: 'G' }), { Type: 'Wait', Seconds: 30, Next: 'G' }],
    [
      'a Choice with a default',
      choice('C', {
        rules: [
          { condition: cond.stringEquals('$.s', 'READY'), next: 'A' },
          { condition: cond.and(cond.isPresent('$.e'), cond.not(cond.numericLessThan('$.n', 3))), next: 'B' },
        ],
        otherwise: 'D',
      }),
      {
        Type: 'Choice',
        Choices: [
          { Variable: '$.s', StringEquals: 'READY', Next: 'A' },
          {
            And: [{ Variable: '$.e', IsPresent: true }, { Not: { Variable: '$.n', NumericLessThan: 3 } }],
            Next: 'B',
          },
        ],
        Default: 'D',
      },
    ],
    [
      'a Parallel renders its branches',
      parallel('Par', {
        branches: [branch(pass('B1')), branch(chain(pass('B2a'), succeed('B2b')))],
        resultPath: null,
        catch: [{ errors: ['States.ALL'], next: 'H' }],
        next: 'After',
      }),
      {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'B1', States: { B1: { Type: 'Pass', End: true } } },
          { StartAt: 'B2a', States: { B2a: { Type: 'Pass', Next: 'B2b' }, B2b: { Type: 'Succeed' } } },
        ],
        ResultPath: null,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }],
        Next: 'After',
      },
    ],
    ['a Succeed', succeed('S'), { Type: 'Succeed' }],
    [
      'a Fail with literals',
      fail('F', { error: 'E', cause: 'why' }),
      { Type: 'Fail', Error: 'E', Cause: 'why' },
    ],
    [
      'a Fail with paths',
      fail('F', { errorPath: '$.error.Error', causePath: '$.error.Cause' }),
      { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
    ],
  ];

  it.each(cases)('%s', (_, state, expected) => {
    expect(renderState(state)).toEqual(expected);
  });

  it('keeps nodes frozen', () => {
    const t = task('T', { resource: 'arn:aws:states:::sns:publish', retry });
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.retry)).toBe(true);
  });
});

describe('conditions', () => {
  it.each([
    [cond.booleanEquals('$.b', false), { Variable: '$.b', BooleanEquals: false }],
    [cond.isNull('$.n'), { Variable: '$.n', IsNull: true }],
    [cond.stringMatches('$.s', 'log-*'), { Variable: '$.s', StringMatches: 'log-*' }],
    [
      cond.or(cond.numericGreaterThanEquals('$.a', 1), cond.numericEquals('$.a', 0)),
      {
        Or: [
          { Variable: '$.a', NumericGreaterThanEquals: 1 },
          { Variable: '$.a', NumericEquals: 0 },
        ],
      },
    ],
  ])('renders %o', (condition, expected) => {
    expect(renderCondition(condition)).toEqual(expected);
  });

  it('refuses a variable that is not a path', () => {
    expect(() => cond.stringEquals('status', 'x')).toThrow(/must be a path/);
  });
});

describe('factories refuse bad states eagerly, naming the state', () => {
  it.each([
    ['a long name', () => pass('x'.repeat(81)), /longer than 80/],
    ['a blank name', () => pass('  '), /non-blank/],
    ['a negative wait', () => wait('Pause', { seconds: -1 }), /state "Pause": Seconds/],
    ['a Choice without rules', () => choice('Decide', { rules: [] }), /state "Decide": .*at least one rule/],
    [
      'States.ALL not alone',
      () =>
        task('Run', {
          resource: 'arn:aws:states:::sns:publish',
          catch: [{ errors: ['States.ALL', 'X'], next: 'H' }],
        }),
      /state "Run": Catch\[0\]: States.ALL must be alone/,
    ],
    [
      'States.ALL before another retrier',
      () =>
        task('Run', {
          resource: 'arn:aws:states:::sns:publish',
          retry: [
            { errors: ['States.ALL'], intervalSeconds: 1, maxAttempts: 1, backoffRate: 1 },
            { errors: ['X'], intervalSeconds: 1, maxAttempts: 1, backoffRate: 1 },
          ],
        }),
      /Retry\[0\]: States.ALL must be alone, in the last rule/,
    ],
    [
      'a backoff below 1',
      () =>
        task('Run', {
          resource: 'arn:aws:states:::sns:publish',
          retry: [{ errors: ['X'], intervalSeconds: 1, maxAttempts: 1, backoffRate: 0.5 }],
        }),
      /state "Run": Retry\[0\]: BackoffRate/,
    ],
    [
      'a Fail with Error and ErrorPath',
      () => fail('Stop', { error: 'E', errorPath: '$.e' }),
      /state "Stop": .*not both/,
    ],
    ['a Pass with Parameters and Result', () => pass('P', { parameters: {}, result: 1 }), /state "P"/],
    [
      'a Parallel without branches',
      () => parallel('Par', { branches: [] }),
      /state "Par": .*at least one branch/,
    ],
  ])('%s', (_, build, message) => {
    expect(build).toThrow(StateDefinitionError);
    expect(build).toThrow(message);
  });
});

describe('chain', () => {
  it('connects open exits to the next start and keeps exits already set', () => {
    const decide = choice('Decide', {
      rules: [
        { condition: cond.booleanEquals('$.again', true), next: 'Start' },
        { condition: cond.isPresent('$.done') },
      ],
      otherwise: 'Give up',
    });
    const c = chain(pass('Start'), decide, succeed('Done'));
    const rendered = Object.fromEntries(c.states.map((s) => [s.name, renderState(s)]));
    expect(rendered.Start).toEqual({ Type: 'Pass', Next: 'Decide' });
    expect(rendered.Decide).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.again', BooleanEquals: true, Next: 'Start' },
        { Variable: '$.done', IsPresent: true, Next: 'Done' },
      ],
      Default: 'Give up',
    });
    expect(c.ends).toEqual([]);
  });

  it('refuses to follow a terminal state, naming both', () => {
    expect(() => chain(succeed('Done'), pass('After'))).toThrow(/state "After": cannot follow "Done"/);
  });
});

describe('stateMachine validation names the state at fault', () => {
  const problemsOf = (build: () => unknown): string[] => {
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(StateMachineValidationError);
      return (error as StateMachineValidationError).problems.map((p) => `${p.state}: ${p.problem}`);
    }
    throw new Error('expected a StateMachineValidationError');
  };

  it('reports a dangling Next', () => {
    expect(problemsOf(() => stateMachine(pass('A', { next: 'Nowhere' })))).toContainEqual(
      'A: Next "Nowhere" names no state',
    );
  });

  it('reports a Catch to a missing state', () => {
    const t = task('Load', {
      resource: 'arn:aws:states:::sns:publish',
      catch: [{ errors: ['States.ALL'], next: 'Handler' }],
    });
    expect(problemsOf(() => stateMachine(t))).toContainEqual('Load: Catch[0].Next "Handler" names no state');
  });

  it('reports duplicate names, inside branches too', () => {
    const p = parallel('Par', { branches: [branch(pass('Same'))] });
    const problems = problemsOf(() => stateMachine(chain(pass('Same'), p)));
    expect(problems.some((p) => p.startsWith('Same: the name is used by 2 states'))).toBe(true);
  });

  it('reports a branch transition that leaves its branch', () => {
    const inner = task('Inner', {
      resource: 'arn:aws:states:::sns:publish',
      catch: [{ errors: ['States.ALL'], next: 'Outer' }],
    });
    const p = parallel('Par', { branches: [branch(inner)], next: 'Outer' });
    const problems = problemsOf(() => stateMachine(including(chainOf(p), succeed('Outer'))));
    expect(problems).toContainEqual(
      'Inner: Catch[0].Next "Outer" is outside the branch 1 of "Par"; transitions cannot leave it',
    );
  });

  it('reports an unreachable state and a Choice rule left open', () => {
    const open = choice('Decide', { rules: [{ condition: cond.isPresent('$.x') }], otherwise: 'End' });
    const problems = problemsOf(() => stateMachine(including(chain(open), succeed('End'), pass('Orphan'))));
    expect(problems).toContainEqual('Decide: Choices[0] has no Next; chain something after the Choice');
    expect(problems).toContainEqual('Orphan: is not reachable from StartAt "Decide" of the state machine');
  });

  it('reports a machine that never ends', () => {
    const loop = including(chainOf(pass('A', { next: 'B' })), pass('B', { next: 'A' }));
    expect(problemsOf(() => stateMachine(loop))).toContainEqual(
      'A: the state machine has no state that ends it',
    );
  });

  it('builds and renders a valid machine', () => {
    const handler = fail('Failed', { errorPath: '$.error.Error', causePath: '$.error.Cause' });
    const t = task('Work', {
      resource: 'arn:aws:states:::sns:publish',
      catch: [{ errors: ['States.ALL'], next: 'Failed', resultPath: '$.error' }],
      grants: [{ actions: ['sns:Publish'], resources: ['arn:aws:sns:eu-west-1:111111111111:t'] }],
    });
    const m = stateMachine(including(chain(t, succeed('Done')), handler), {
      comment: 'c',
      timeoutSeconds: 60,
    });
    expect(renderStateMachine(m)).toEqual({
      Comment: 'c',
      StartAt: 'Work',
      TimeoutSeconds: 60,
      States: {
        Work: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed', ResultPath: '$.error' }],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
        Failed: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
      },
    });
    expect(stateMachineGrants(m)).toEqual([
      { actions: ['sns:Publish'], resources: ['arn:aws:sns:eu-west-1:111111111111:t'] },
    ]);
  });

  it('merges grants of the same actions across Tasks, branches included', () => {
    const publish = (name: string, topic: string) =>
      task(name, {
        resource: 'arn:aws:states:::sns:publish',
        grants: [{ actions: ['sns:Publish'], resources: [topic] }],
      });
    const p = parallel('Par', { branches: [branch(publish('A', 'arn:t2')), branch(publish('B', 'arn:t1'))] });
    const m = stateMachine(chainOf(p));
    expect(stateMachineGrants(m)).toEqual([{ actions: ['sns:Publish'], resources: ['arn:t1', 'arn:t2'] }]);
  });
});
