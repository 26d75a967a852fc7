/**
 * ecommerce-lakehouse's entitlements on the lake, as synthesized for a stage (Lake Formation
 * GrantPermissions and CreateDataCellsFilter inputs): engineers read every silver and gold table
 * whole; scientists every table without the customers' personal columns; analysts the gold tables
 * and the dimensions' sources, the customers without personal columns, and the tables with a
 * country only for the countries the access mapping gives them. The warehouse side is exercised
 * on PGlite and PostgreSQL in tests/e2e/simulate-ecommerce*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { findStage } from '../../core/index.js';
import { lakeFormationGrants } from '../../governance/index.js';
import pipeline from '../../pipelines/ecommerce-lakehouse/pipeline.js';

interface Grant {
  readonly Principal: { readonly DataLakePrincipalIdentifier: string };
  readonly Resource: Record<
    string,
    { Name?: string; TableName?: string; ColumnWildcard?: { ExcludedColumnNames: string[] } }
  >;
  readonly Permissions: readonly string[];
}
interface Filter {
  readonly TableData: {
    readonly Name: string;
    readonly TableName: string;
    readonly RowFilter: { readonly FilterExpression?: string; readonly AllRowsWildcard?: object };
    readonly ColumnWildcard?: { readonly ExcludedColumnNames: readonly string[] };
  };
}

const SILVER = ['customers', 'products', 'resellers', 'orders', 'payments', 'customer_snapshot'];
const GOLD = ['daily_sales', 'rfm', 'product_performance'];
const PERSONAL = ['first_name', 'last_name', 'email', 'phone'];

const { grants, dataCellsFilters } = JSON.parse(
  JSON.stringify(lakeFormationGrants(pipeline, findStage(pipeline, 'dev'))),
) as { grants: Grant[]; dataCellsFilters: Filter[] };
const of = (role: string) =>
  grants.filter((g) => g.Principal.DataLakePrincipalIdentifier.endsWith(`:role/${role}`));
/** What a role may SELECT: per table, the columns it may not read, and its row filter. */
function selects(role: string): Record<string, { excluded: readonly string[]; rows?: string }> {
  const out: Record<string, { excluded: readonly string[]; rows?: string }> = {};
  for (const g of of(role).filter((g) => g.Permissions.includes('SELECT'))) {
    const [kind, resource] = Object.entries(g.Resource)[0]!;
    if (kind === 'TableWithColumns')
      out[resource.Name!] = { excluded: resource.ColumnWildcard!.ExcludedColumnNames };
    if (kind === 'DataCellsFilter') {
      const filter = dataCellsFilters.find((f) => f.TableData.Name === resource.Name)!;
      out[resource.TableName!] = {
        excluded: filter.TableData.ColumnWildcard?.ExcludedColumnNames ?? [],
        ...(filter.TableData.RowFilter.FilterExpression === undefined
          ? {}
          : { rows: filter.TableData.RowFilter.FilterExpression }),
      };
    }
  }
  return out;
}

describe('ecommerce-lakehouse on the lake', () => {
  it('gives engineers every silver and gold table whole', () => {
    const engineer = selects('data_engineer');
    expect(Object.keys(engineer).sort()).toEqual([...SILVER, ...GOLD].sort());
    for (const table of Object.values(engineer)) expect(table).toEqual({ excluded: [] });
  });

  it('gives scientists every table, the customers without their personal columns', () => {
    const scientist = selects('data_scientist');
    expect(Object.keys(scientist).sort()).toEqual([...SILVER, ...GOLD].sort());
    expect(scientist.customers).toEqual({ excluded: PERSONAL });
    for (const [table, access] of Object.entries(scientist))
      if (table !== 'customers') expect(access).toEqual({ excluded: [] });
  });

  it('gives analysts gold and the dimensions, their countries only, never personal columns', () => {
    const analyst = selects('data_analyst');
    expect(Object.keys(analyst).sort()).toEqual(['customers', 'products', 'resellers', ...GOLD].sort());
    const countries = "country IN ('US', 'GB')";
    expect(analyst.customers).toEqual({ excluded: PERSONAL, rows: countries });
    for (const table of ['resellers', 'daily_sales', 'rfm']) expect(analyst[table]!.rows).toBe(countries);
    expect(analyst.products!.rows).toBeUndefined();
    expect(analyst.product_performance!.rows).toBeUndefined();
    // No analyst grant reaches the facts, which hold no country filter.
    expect(analyst.orders).toBeUndefined();
  });
});
