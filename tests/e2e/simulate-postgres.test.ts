import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PostgresServer,
  postgresUnavailable,
  startPostgresServer,
} from '../local/redshift/postgres-server.js';
import { makeWorld, plantedPii, run, WAREHOUSE_TEXT, warehouseQuery } from './simulate-world.js';

const unavailable = postgresUnavailable();

describe.skipIf(unavailable !== undefined)(
  `simulate student-enrollment against a PostgreSQL server${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const world = makeWorld(300, 0.15, 5);
    let server: PostgresServer | undefined;
    let url = '';
    let first: Awaited<ReturnType<typeof run>>;

    beforeAll(async () => {
      const started = await startPostgresServer();
      if (started.server === undefined) throw new Error(started.reason);
      server = started.server;
      url = server.url;
      first = await run(world, { warehouse: url });
    });
    afterAll(() => server?.stop());

    it('succeeds and accounts for every row as planted', () => {
      expect(first.run.status).toBe('SUCCEEDED');
      for (const dataset of ['students', 'courses', 'instructors', 'enrollments'] as const) {
        const d = first.run.datasets[dataset]!;
        expect(d.inputRows).toBe(d.outputRows + d.quarantinedRows + d.duplicateRows);
        expect(d.outputRows).toBe(world.sample.expected[dataset].outputRows);
      }
      expect(first.run.warehouse.tables['edu.enrollment_fact']).toBe(
        first.run.datasets.enrollments!.outputRows,
      );
    });

    it('keeps PII out of the warehouse', async () => {
      const warehouse = (await warehouseQuery(first.workdir, WAREHOUSE_TEXT, url)).map((r) => r.j).join('\n');
      expect(warehouse.length).toBeGreaterThan(10_000);
      expect(plantedPii(world.input).filter((v) => warehouse.includes(v))).toEqual([]);
    });

    it('is idempotent on a rerun', async () => {
      const again = await run(world, { workdir: first.workdir, warehouse: url });
      expect(again.run.status).toBe('SUCCEEDED');
      expect(again.run.warehouse.tables).toEqual(first.run.warehouse.tables);
      const [dupes] = await warehouseQuery(
        first.workdir,
        'SELECT count(*) - count(DISTINCT enrollment_id) AS n FROM edu.enrollment_fact',
        url,
      );
      expect(Number(dupes?.n)).toBe(0);
    });

    it('enforces the roles: masked phones for the reader, only US students for the advisor', async () => {
      const q = (sql: string, role: string) => warehouseQuery(first.workdir, sql, url, role);
      const phones = await q('SELECT phone FROM edu.student_dim_for_edu_reader', 'edu_reader');
      expect(phones.length).toBe(first.run.datasets.students!.outputRows);
      for (const { phone } of phones) expect(phone).toMatch(/^X+\d{4}$/);
      await expect(q('SELECT phone FROM edu.student_dim', 'edu_reader')).rejects.toThrow(/permission denied/);
      const countries = await q('SELECT DISTINCT country FROM edu.student_dim', 'edu_us_advisor');
      expect(countries.map((r) => r.country)).toEqual(['US']);
      await expect(
        q("DELETE FROM edu.enrollment_fact WHERE enrollment_id = 'x'", 'edu_reader'),
      ).rejects.toThrow(/permission denied/);
    });
  },
);
