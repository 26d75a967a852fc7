import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Compiles the command; starts the PostgreSQL server the files share and makes PGlite's
    // initialized data directories.
    globalSetup: ['tests/compile-command.ts', 'tests/global-setup.ts'],
    // Vitest's default leaves a core for itself: one worker on 2 cores. The files spend much of
    // their time waiting on the command, servers and DuckDB's threads, so two workers there take
    // 78 s where one takes 132 s (tests/README.md).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Limits that catch a hang, not a slow machine: PGlite, DuckDB, PostgreSQL and the CLI are
    // real processes and engines, several times slower on a busy machine than on a quiet one.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
