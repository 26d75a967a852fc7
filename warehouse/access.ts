/** Who may read what: the model's role entries resolved against the star's tables. */
import {
  describeType,
  type MaskKind,
  PipelineDefinitionError,
  type RowFilter,
  type TableAccess,
  type WarehouseRole,
} from '../core/index.js';
import { type Star, type StarColumn, type StarTable, starTable } from './star.js';

export interface ResolvedAccess {
  readonly role: WarehouseRole;
  /** Position of the role in the model: masking priorities derive from it. */
  readonly roleIndex: number;
  readonly access: TableAccess;
  readonly table: StarTable;
  /** The columns the role may read (all when the model lists none), in table order. */
  readonly readable: readonly StarColumn[];
  readonly masks: readonly { readonly column: StarColumn; readonly kind: MaskKind }[];
  readonly rowFilter?: RowFilter;
}

export function resolveAccess(star: Star): ResolvedAccess[] {
  return star.warehouse.roles.flatMap((role, roleIndex) =>
    role.tables.map((access, i) => {
      const table = starTable(star, access.table);
      const column = (name: string, field: string): StarColumn => {
        const found = table.columns.find((c) => c.name === name);
        if (found === undefined) {
          throw new PipelineDefinitionError(
            star.pipeline.name,
            ['warehouse', 'roles', role.name, `tables[${i}]`, field],
            `unknown column "${name}" in ${table.name}`,
            `use one of: ${table.columns.map((c) => c.name).join(', ')}`,
          );
        }
        return found;
      };
      const filter = access.rowFilter;
      if (filter !== undefined && 'mapping' in filter) {
        const filtered = column(filter.column, 'rowFilter');
        if (filtered.type.kind !== filter.mapping.type.kind) {
          throw new PipelineDefinitionError(
            star.pipeline.name,
            ['warehouse', 'roles', role.name, `tables[${i}]`, 'rowFilter'],
            `${table.name}.${filter.column} is ${describeType(filtered.type)} but the access mapping "${filter.mapping.name}" holds ${describeType(filter.mapping.type)}`,
            `give the mapping the column's type (t.${filtered.type.kind}(…))`,
          );
        }
      }
      const listed = new Set(access.columns ?? table.columns.map((c) => c.name));
      for (const name of listed) column(name, 'columns');
      return {
        role,
        roleIndex,
        access,
        table,
        readable: table.columns.filter((c) => listed.has(c.name)),
        masks: Object.entries(access.masks ?? {})
          .map(([name, kind]) => ({ column: column(name, 'masks'), kind }))
          .sort((a, b) => table.columns.indexOf(a.column) - table.columns.indexOf(b.column)),
        ...(access.rowFilter === undefined ? {} : { rowFilter: access.rowFilter }),
      };
    }),
  );
}
