/**
 * `simulate` into two databases of one PostgreSQL server, which share the cluster's roles: the
 * second run sets up its warehouse over the roles the first created, and a run again into the
 * first database from a fresh workdir (as `npx lakeline simulate` and `npm run bench` do) succeeds
 * and leaves the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouseConnection } from '../../local/engines/index.js';
import { postgresUnavailable, startPostgresServer } from '../local/redshift/postgres-server.js';
import { makeWorld, run, warehouseQuery } from './simulate-world.js';

const unavailable = postgresUnavailable();
const DATABASES = ['lakeline_sim_a', 'lakeline_sim_b'] as const;

describe.skipIf(unavailable !== undefined)(
  `simulate into two databases on one PostgreSQL server${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const world = makeWorld(200, 0.1, 9);
    const urls: Record<string, string> = {};
    let stop: () => Promise<void> = async () => undefined;

    beforeAll(async () => {
      const { server, reason } = await startPostgresServer();
      if (server === undefined) throw new Error(reason);
      stop = () => server.stop();
      const admin = await openWarehouseConnection({ warehouse: server.url });
      try {
        for (const db of DATABASES) {
          await admin.run(`DROP DATABASE IF EXISTS ${db}`);
          await admin.run(`CREATE DATABASE ${db}`);
          urls[db] = server.url.replace(/\/[^/]*$/, `/${db}`);
        }
      } finally {
        await admin.close();
      }
    });

    afterAll(() => stop());

    it('both runs succeed and load the same rows; the roles exist once', async () => {
      const [a, b] = [
        await run(world, { warehouse: urls.lakeline_sim_a! }),
        await run(world, { warehouse: urls.lakeline_sim_b! }),
      ];
      expect([a.run.status, b.run.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      expect(b.run.warehouse.tables).toEqual(a.run.warehouse.tables);
      expect(a.run.warehouse.tables['edu.enrollment_fact']).toBe(
        world.sample.expected.enrollments.outputRows,
      );
      const roles = await warehouseQuery(
        a.workdir,
        "SELECT rolname FROM pg_roles WHERE rolname LIKE 'edu\\_%' ORDER BY 1",
        urls.lakeline_sim_b!,
      );
      expect(roles.map((r) => r.rolname)).toEqual(['edu_reader', 'edu_us_advisor', 'edu_writer']);
      // The roles read in the second database what its grants allow.
      const countries = await warehouseQuery(
        b.workdir,
        'SELECT DISTINCT country FROM edu.student_dim',
        urls.lakeline_sim_b!,
        'edu_us_advisor',
      );
      expect(countries.map((r) => r.country)).toEqual(['US']);
    });

    it('a run again into the first database from a fresh workdir succeeds with the same rows', async () => {
      const first = await warehouseQuery(
        '',
        'SELECT count(*) AS n FROM edu.enrollment_fact',
        urls.lakeline_sim_a!,
      );
      const again = await run(world, { warehouse: urls.lakeline_sim_a! });
      expect(again.run.status).toBe('SUCCEEDED');
      expect(again.run.warehouse.tables['edu.enrollment_fact']).toBe(Number(first[0]?.n));
    });
  },
);
