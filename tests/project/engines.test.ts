/**
 * Every installed package supports the running Node, or is a listed exception with the reason it
 * still works and the tests that show it. The table names the Node lines where each exception
 * applies, so on a newer Node the exception must be gone, and a new one fails here until listed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-cli.js';

interface Exception {
  /** The Node versions this exception is for. */
  readonly on: string;
  readonly why: string;
}

const EXCEPTIONS: Readonly<Record<string, Exception>> = {
  'node_modules/aws-local-stepfunctions': {
    on: '>=20 <22',
    why:
      'declares Node 22 for Promise.withResolvers, which local/executor/polyfill.ts provides on Node 20; ' +
      'every test that executes a state machine (tests/local/executor.test.ts, tests/e2e) runs it there',
  },
};

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string }; optional?: boolean; version?: string }>;
};
const node = process.versions.node;

describe(`the packages on Node ${node}`, () => {
  it('support it, or are the exceptions listed for it', () => {
    const unsupported = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.engines?.node !== undefined)
      // A platform's optional build (another system's binary) is never installed here.
      .filter(([, p]) => !p.optional)
      .filter(([, p]) => !semver.satisfies(node, p.engines!.node!))
      .map(([path]) => path);
    const expected = Object.entries(EXCEPTIONS)
      .filter(([, e]) => semver.satisfies(node, e.on))
      .map(([path]) => path);
    expect(unsupported.sort()).toEqual(expected.sort());
  });

  it('provides what the exception on Node 20 needs', async () => {
    await import('../../local/executor/polyfill.js');
    const { promise, resolve } = (
      Promise as unknown as { withResolvers: <T>() => { promise: Promise<T>; resolve: (v: T) => void } }
    ).withResolvers<number>();
    resolve(7);
    await expect(promise).resolves.toBe(7);
  });
});
