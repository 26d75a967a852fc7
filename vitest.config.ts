import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Compiles the command; starts the PostgreSQL server the files share and makes PGlite's
    // initialized data directories.
    globalSetup: ['tests/compile-command.ts', 'tests/global-setup.ts'],
    // Limits that catch a hang, not a slow machine: PGlite, DuckDB, PostgreSQL and the CLI are
    // real processes and engines, several times slower on a busy machine than on a quiet one.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
