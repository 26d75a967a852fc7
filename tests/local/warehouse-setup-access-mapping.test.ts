/**
 * The governed fixture's warehouse set up as the simulator does it (`installWarehouse`: the
 * tree's Redshift files through the local Data API, run as their PostgreSQL twins, the policies
 * file whole since its two renderings differ statement for statement): the mapping table and its
 * rows are there, an analyst (`DbUser`) sees its mapped countries and masked emails, and a rerun
 * keeps a row added meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthTree, writeTree } from '../../cli/synth-tree.js';
import { ArtifactTree, findStage } from '../../core/index.js';
import { type LocalRedshiftData, openLocalRedshift, StatementMap } from '../../local/redshift/index.js';
import { installWarehouse } from '../../local/warehouse-setup.js';
import { governedPipeline } from '../fixtures/governed-pipeline.js';
import { sql } from './redshift/calls.js';
import { LocalS3, scratch } from './redshift/fixtures.js';

const work = scratch('warehouse-setup-access-mapping');
afterAll(() => work.remove());

const pipeline = governedPipeline();
const dir = `${work.dir}/tree`;
writeTree(dir, synthTree(pipeline, findStage(pipeline, 'local')));
const tree = new ArtifactTree(dir);

async function install(redshift: LocalRedshiftData): Promise<void> {
  redshift.useStatements(StatementMap.fromTrees([tree.dir]));
  await sql(redshift, 'DELETE FROM lakeline_local.setup');
  expect(await installWarehouse(tree, redshift)).toBe(true);
}

describe('the simulator sets up an access mapping', () => {
  let redshift: LocalRedshiftData;
  beforeAll(async () => {
    redshift = await openLocalRedshift({ warehouse: 'pglite', s3: new LocalS3(`${work.dir}/s3`) });
    await install(redshift);
    await sql(
      redshift,
      `INSERT INTO gov.dim_customers (customer_id, email, country) VALUES
         ('C1', 'john.doe@example.com', 'US'), ('C2', 'marie@example.fr', 'FR'), ('C3', 'ana@example.ca', 'CA')`,
    );
  }, 120_000);
  afterAll(() => redshift?.close());

  const seen = async () =>
    (
      await sql(
        redshift,
        'SELECT customer_id, email FROM gov.dim_customers_for_data_analyst ORDER BY 1',
        'data_analyst',
      )
    ).rows;

  it("an analyst sees its mapped countries' rows, emails masked", async () => {
    expect(await seen()).toEqual([
      { customer_id: 'C1', email: 'j***@example.com' },
      { customer_id: 'C3', email: 'a***@example.ca' },
    ]);
  });

  it('a rerun keeps the rows added to the mapping', async () => {
    await sql(redshift, "INSERT INTO gov.analyst_country_access VALUES ('data_analyst', 'FR')");
    await install(redshift);
    const rows = await sql(redshift, 'SELECT count(*) AS n FROM gov.analyst_country_access');
    expect(rows.rows).toEqual([{ n: 3 }]);
    expect((await seen()).map((r) => r.customer_id)).toEqual(['C1', 'C2', 'C3']);
  });
});
