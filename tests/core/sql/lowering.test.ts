import { describe, expect, it } from 'vitest';
import * as s from '../../../core/sql/build.js';
import { UnsupportedFeatureError } from '../../../core/sql/errors.js';
import { lowerQualify, lowerSemiAntiJoins } from '../../../core/sql/lowering.js';

const flag = s.eq(s.over(s.call('row_number'), [s.col('id')], []), s.lit(1));

describe('lowerQualify', () => {
  it('moves the filter into a flag column of a subquery and keeps order and limit outside', () => {
    const lowered = lowerQualify(
      s.select({
        distinct: true,
        items: [s.item(s.col('id')), s.item(s.col('v'), 'value')],
        from: s.fromTable(s.table('t')),
        where: s.isNotNull(s.col('id')),
        qualify: flag,
        orderBy: [s.asc(s.col('id'))],
        limit: 5,
      }),
      'postgres',
    );
    expect(lowered.qualify).toBeUndefined();
    expect(lowered.distinct).toBe(true);
    expect(lowered.limit).toBe(5);
    expect(lowered.items.map((i) => i.expr)).toEqual([
      s.col('id', '__qualified'),
      s.col('value', '__qualified'),
    ]);
    expect(lowered.where).toEqual(s.col('__qualify', '__qualified'));
    const inner = lowered.from?.kind === 'fromQuery' ? lowered.from.query : undefined;
    expect(inner?.items.at(-1)).toEqual({ expr: flag, alias: '__qualify' });
    expect(inner?.where).toEqual(s.isNotNull(s.col('id')));
    expect(inner?.distinct).toBeUndefined();
    expect(inner?.orderBy).toBeUndefined();
  });

  it('leaves a query without QUALIFY untouched', () => {
    const q = s.select({ items: [s.item(s.star())], from: s.fromTable(s.table('t')) });
    expect(lowerQualify(q, 'spark')).toBe(q);
  });

  it.each([
    ['a star', s.item(s.star())],
    ['an unnamed expression', s.item(s.call('lower', s.col('x')))],
  ])('refuses %s, whose output name it cannot know', (_label, item) => {
    expect(() =>
      lowerQualify(s.select({ items: [item], from: s.fromTable(s.table('t')), qualify: flag }), 'spark'),
    ).toThrow(UnsupportedFeatureError);
  });

  it('refuses two outputs with the same name', () => {
    const q = s.select({
      items: [s.item(s.col('id', 'a')), s.item(s.col('id', 'b'))],
      from: s.fromTable(s.table('t')),
      qualify: flag,
    });
    expect(() => lowerQualify(q, 'postgres')).toThrow(/"id"/);
  });
});

describe('lowerSemiAntiJoins', () => {
  it('keeps inner joins and ANDs the EXISTS probes onto the filter', () => {
    const inner = {
      type: 'inner' as const,
      item: s.fromTable(s.table('c'), 'c'),
      on: s.eq(s.col('k', 'a'), s.col('k', 'c')),
    };
    const lowered = lowerSemiAntiJoins(
      s.select({
        items: [s.item(s.col('k', 'a'))],
        from: s.fromTable(s.table('a'), 'a'),
        joins: [
          inner,
          { type: 'anti', item: s.fromTable(s.table('b'), 'b'), on: s.eq(s.col('k', 'a'), s.col('k', 'b')) },
        ],
      }),
    );
    expect(lowered.joins).toEqual([inner]);
    expect(lowered.where).toMatchObject({
      kind: 'exists',
      negated: true,
      query: { from: s.fromTable(s.table('b'), 'b') },
    });
  });
});
