/** `excerpt`: how much of a piece of data an error message quotes. */
import { describe, expect, it } from 'vitest';
import { excerpt } from '../../core/index.js';

describe('excerpt', () => {
  it.each([
    { name: 'short text, whole', text: 'id,name', max: 200, out: 'id,name' },
    { name: 'exactly the limit, whole', text: 'x'.repeat(10), max: 10, out: 'x'.repeat(10) },
    {
      name: 'longer: the start, then the size',
      text: 'x'.repeat(1_234_567),
      max: 5,
      out: 'xxxxx… (1,234,567 bytes)',
    },
    {
      name: 'the size in UTF-8 bytes, not characters',
      text: 'é'.repeat(300),
      max: 2,
      out: 'éé… (600 bytes)',
    },
  ])('$name', ({ text, max, out }) => {
    expect(excerpt(text, max)).toBe(out);
  });

  it('quotes 200 characters by default', () => {
    expect(excerpt('y'.repeat(201))).toBe(`${'y'.repeat(200)}… (201 bytes)`);
  });
});
