/**
 * A Redshift load longer than one Data API batch (40 statements): consecutive batches, each one
 * transaction holding whole parts of the load, polled one after the other.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_STAGE, type LoadStatement, type RedshiftTarget } from '../../core/index.js';
import {
  chain,
  failureRoute,
  including,
  renderStateMachine,
  rethrow,
  stateMachine,
  succeed,
} from '../../state-machines/index.js';
import { loaderOf, packParts } from '../../state-machines/targets/index.js';
import { type AslDefinition, validateAsl } from './asl.js';

/** `sizes[i]` statements in part i. */
const load = (...sizes: number[]): LoadStatement[] =>
  sizes.flatMap((n, part) =>
    Array.from({ length: n }, (_, i) => ({ sql: `select ${part}, ${i}`, label: `part ${part}`, part })),
  );

describe('packParts', () => {
  it('keeps a load that fits as one batch', () => {
    expect(packParts(load(10, 20, 10), 40).map((b) => b.length)).toEqual([40]);
  });

  it('packs whole parts greedily, in order, never splitting one', () => {
    const batches = packParts(load(18, 6, 6, 6, 6, 5, 5, 2, 2, 2), 40);
    expect(batches.map((b) => b.length)).toEqual([36, 22]);
    expect(batches.map((b) => [...new Set(b.map((s) => s.part))])).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7, 8, 9],
    ]);
    expect(batches.flat()).toEqual(load(18, 6, 6, 6, 6, 5, 5, 2, 2, 2));
  });

  it('gives a part longer than a batch a batch of its own, which the batch then refuses', () => {
    expect(packParts(load(3, 41, 3), 40).map((b) => b.length)).toEqual([3, 41, 3]);
  });
});

describe('the Redshift loader of a long load', () => {
  const failed = rethrow('Pipeline failed');
  const states = (statements: LoadStatement[]) =>
    loaderOf(LOCAL_STAGE.warehouse as RedshiftTarget).loadStates(LOCAL_STAGE.warehouse as RedshiftTarget, {
      label: 'warehouse load',
      statementName: 'p-warehouse-load',
      statements,
      stage: LOCAL_STAGE,
      failure: failureRoute(failed.name),
    });
  const machine = (statements: LoadStatement[]) =>
    renderStateMachine(
      stateMachine(including(chain(states(statements), succeed('Done')), failed)),
    ) as unknown as AslDefinition;

  it('sends one batch under the load’s own names when it fits', () => {
    const m = machine(load(20, 20));
    expect(m.StartAt).toBe('Start warehouse load');
    expect((m.States['Start warehouse load']!.Parameters as { Sqls: string[] }).Sqls).toHaveLength(40);
  });

  it('sends consecutive numbered batches, the second started once the first finished', () => {
    const m = machine(load(30, 6, 6, 6));
    expect(validateAsl(m)).toEqual({ isValid: true, errors: '' });
    expect(m.StartAt).toBe('Start warehouse load 1 of 2');
    const first = m.States['Start warehouse load 1 of 2']!.Parameters as {
      Sqls: string[];
      StatementName: string;
    };
    const second = m.States['Start warehouse load 2 of 2']!.Parameters as {
      Sqls: string[];
      StatementName: string;
    };
    expect([first.Sqls.length, second.Sqls.length]).toEqual([36, 12]);
    expect([first.StatementName, second.StatementName]).toEqual([
      'p-warehouse-load-1-of-2',
      'p-warehouse-load-2-of-2',
    ]);
    // The first batch's check leads to the second batch once it FINISHED.
    const check = m.States['Check warehouse load 1 of 2'];
    expect(JSON.stringify(check)).toContain('Start warehouse load 2 of 2');
  });
});
