import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PgliteWarehouse, sharedBuffersFor } from '../../../local/engines/index.js';

const MB = 1024 * 1024;

describe("PGlite's buffer pool", () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakeline-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [0, 128],
    [14 * MB, 128],
    [100 * MB, 400],
    [138 * MB, 512],
    [4096 * MB, 512],
  ])('is four times %i bytes of input, from 128 MB to 512 MB', (bytes, mb) => {
    expect(sharedBuffersFor(bytes)).toBe(mb);
  });

  it('is what PostgreSQL runs with, on a data directory that keeps its own settings', async () => {
    const sized = await PgliteWarehouse.open({ dataDir: dir, sharedBuffersMb: 256 });
    try {
      expect(await sized.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '256MB' }]);
    } finally {
      await sized.close();
    }
    const plain = await PgliteWarehouse.open({ dataDir: dir });
    try {
      expect(await plain.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '128MB' }]);
    } finally {
      await plain.close();
    }
  });
});
