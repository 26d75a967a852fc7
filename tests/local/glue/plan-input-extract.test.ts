/**
 * A latest-extract read's choice of partition: folder values ordered as their declared types, the
 * newest new partition read, the other new ones superseded, an extract older than one already read
 * never read. The runner's `latest_extract_files` holds the same table
 * (tests/glue-scripts/python/test_lakeline_runner.py).
 */
import { describe, expect, it } from 'vitest';
import { type DataType, NO_INGESTION, t } from '../../../core/index.js';
import type { JobPlan } from '../../../glue-scripts/index.js';
import { comparePartitions, latestExtractFiles } from '../../../local/glue/plan-input-extract.js';

describe('latest-extract partitions', () => {
  it.each<[DataType, string | null, string | null, number]>([
    [t.int(), '9', '10', -1],
    [t.bigint(), '-3', '2', -1],
    [t.int(), '07', '7', 0],
    [t.date(), '2024-1-9', '2024-01-10', -1],
    [t.date(), '2024-12-31', '2025-01-01', -1],
    [t.string(8), 'b', 'ab', 1],
    [t.int(), 'x', '1', -1],
    [t.date(), null, '2024-01-01', -1],
    [t.date(), null, null, 0],
  ])('%o: %s against %s is %d', (type, a, b, expected) => {
    expect(Math.sign(comparePartitions([type], [a], [b]))).toBe(expected);
    expect(Math.sign(comparePartitions([type], [b], [a]))).toBe(-expected || 0);
  });

  it('compares column by column', () => {
    expect(Math.sign(comparePartitions([t.int(), t.int()], ['2024', '9'], ['2024', '10']))).toBe(-1);
  });

  const plan = {
    input: {
      path: 's3://b/raw/r/',
      partitionBy: ['day'],
      columns: [
        { name: 'id', type: t.string(), declaredType: t.string() },
        { name: 'day', type: t.int(), declaredType: t.int() },
      ],
    },
  } as unknown as JobPlan;
  const files = [8, 9, 10].flatMap((d) =>
    [0, 1].map((i) => ({ uri: `s3://b/raw/r/day=${d}/part-${i}.csv` })),
  );
  const entry = (partitions: string[]) => ({ ...NO_INGESTION, partitions });

  it('reads the newest new partition and supersedes the older new ones', () => {
    expect(latestExtractFiles(plan, files, NO_INGESTION)).toEqual({
      files: files.slice(4),
      partitionsRead: ['10'],
      partitionsSuperseded: ['8', '9'],
    });
    expect(latestExtractFiles(plan, files, entry(['9']))).toEqual({
      files: files.slice(4),
      partitionsRead: ['10'],
      partitionsSuperseded: ['8'],
    });
  });

  it('reads nothing when nothing is new, or only extracts older than one read', () => {
    const none = { files: [], partitionsRead: [] };
    expect(latestExtractFiles(plan, files, entry(['8', '9', '10']))).toEqual({
      ...none,
      partitionsSuperseded: [],
    });
    expect(latestExtractFiles(plan, files, entry(['10']))).toEqual({
      ...none,
      partitionsSuperseded: ['8', '9'],
    });
  });
});
