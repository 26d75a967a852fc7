import { describe, expect, it } from 'vitest';
import { findStage, principal, rowFilter } from '../../core/index.js';
import { lakeFormationGrants, rowFilterExpression } from '../../governance/index.js';
import flagship from '../../pipelines/student-enrollment/pipeline.js';

const dev = findStage(flagship, 'dev');

describe('rowFilterExpression', () => {
  it.each([
    [rowFilter('country', ['US']), "country = 'US'"],
    [rowFilter('country', ['US', 'CA']), "country IN ('US', 'CA')"],
    [rowFilter('name', ["O'Brien"]), "name = 'O''Brien'"],
    [rowFilter('year', [2024, 2025]), 'year IN (2024, 2025)'],
  ])('%o → %s', (filter, expected) => {
    expect(rowFilterExpression(filter, principal('analyst'))).toBe(expected);
  });
});

describe('lakeFormationGrants (flagship, dev)', () => {
  const out = lakeFormationGrants(flagship, dev);
  const db = 'student_enrollment_dev_processed';

  it('excludes columns through a column wildcard', () => {
    expect(out.grants).toContainEqual({
      Principal: { DataLakePrincipalIdentifier: 'arn:aws:iam::111111111111:role/analyst' },
      Resource: {
        TableWithColumns: {
          CatalogId: '111111111111',
          DatabaseName: db,
          Name: 'enrollments',
          ColumnWildcard: { ExcludedColumnNames: ['notes'] },
        },
      },
      Permissions: ['SELECT'],
      PermissionsWithGrantOption: [],
    });
  });

  it('grants DESCRIBE on the table, not on columns', () => {
    const describe = out.grants.filter((g) => g.Permissions.includes('DESCRIBE') && 'Table' in g.Resource);
    expect(describe.map((g) => (g.Resource.Table as { Name: string }).Name).sort()).toEqual([
      'enrollments',
      'students',
    ]);
  });

  it('puts row filters in a data-cells filter granted by name', () => {
    expect(out.dataCellsFilters).toEqual([
      {
        TableData: {
          TableCatalogId: '111111111111',
          DatabaseName: db,
          TableName: 'students',
          Name: 'us-advisor-students-2',
          RowFilter: { FilterExpression: "country = 'US'" },
          ColumnNames: ['student_id', 'full_name', 'country'],
        },
      },
    ]);
    const viaFilter = out.grants.find((g) => 'DataCellsFilter' in g.Resource);
    expect(viaFilter?.Principal.DataLakePrincipalIdentifier).toBe(
      'arn:aws:iam::111111111111:role/us-advisor',
    );
    expect(viaFilter?.Permissions).toEqual(['SELECT']);
  });

  it("lets the pipeline's Glue role catalog both layers", () => {
    const glue = out.grants.filter(
      (g) =>
        g.Principal.DataLakePrincipalIdentifier ===
        'arn:aws:iam::111111111111:role/student-enrollment-dev-glue',
    );
    expect(glue.map((g) => (g.Resource.Database as { Name: string }).Name)).toEqual([
      'student_enrollment_dev_raw',
      db,
    ]);
  });
});
