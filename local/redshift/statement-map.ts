/**
 * Redshift statement → the PostgreSQL statements that stand for it locally, built from an artifact
 * tree's warehouse files in their two renderings (`artifactLayout.warehouseFile`; each file's
 * statements in order).
 *
 * - Files whose two renderings have the same number of statements (the load, the roles) pair
 *   statement for statement: Redshift statement i runs PostgreSQL statement i.
 * - Files whose renderings differ in length (the schema, when Redshift also gets a Spectrum
 *   schema; the policies, when masking becomes views) are one unit: the file's last Redshift
 *   statement runs the whole PostgreSQL file, and its other statements run nothing locally. Sent
 *   in order — as one batch, or one by one — the file has the same effect as its PostgreSQL twin.
 *
 * `BEGIN`/`COMMIT` around a transactional file are left out on both sides: a batch is already one
 * transaction. A statement not in the map (hand-written SQL) runs as written.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  artifactLayout,
  normalizeStatement,
  parseCopy,
  splitStatements,
  WAREHOUSE_FILES,
} from '../../core/index.js';

export interface Translation {
  /** What runs locally, in order; empty when the statement's effect comes with a later one. */
  readonly postgres: readonly string[];
  /** Where the Redshift statement comes from: the tree's folder, the file and the statement's number. */
  readonly origin: string;
  /**
   * Whether the Redshift statement is itself a COPY. A PostgreSQL COPY standing for something else
   * (a Spectrum `INSERT … SELECT`) reads an external table, where no files means no rows.
   */
  readonly redshiftCopy: boolean;
}

export interface SqlFilePair {
  /** A label for messages: the folder and file name. */
  readonly name: string;
  readonly redshift: string;
  readonly postgres: string;
}

const TRANSACTION_CONTROL = /^(BEGIN|COMMIT|END|START TRANSACTION)$/i;

export class StatementMapConflictError extends Error {
  override readonly name = 'StatementMapConflictError';
}

export class StatementMap {
  private readonly entries = new Map<string, Translation>();

  static empty(): StatementMap {
    return new StatementMap();
  }

  static fromFiles(pairs: readonly SqlFilePair[]): StatementMap {
    const map = new StatementMap();
    for (const pair of pairs) map.addFile(pair);
    return map;
  }

  /** Every warehouse file's Redshift rendering with its PostgreSQL twin, in the trees under the given roots. */
  static fromTrees(roots: readonly string[]): StatementMap {
    return StatementMap.fromFiles(roots.flatMap((root) => sqlFilePairs(root)));
  }

  get size(): number {
    return this.entries.size;
  }

  translate(redshiftSql: string): Translation | undefined {
    return this.entries.get(normalizeStatement(redshiftSql));
  }

  private addFile(pair: SqlFilePair): void {
    const strip = (xs: string[]) => xs.filter((s) => !TRANSACTION_CONTROL.test(s));
    const redshift = strip(splitStatements(pair.redshift, 'redshift'));
    const postgres = strip(splitStatements(pair.postgres, 'postgres'));
    const paired = redshift.length === postgres.length;
    redshift.forEach((statement, i) => {
      const last = i === redshift.length - 1;
      this.add(statement, {
        postgres: paired ? [postgres[i]!] : last ? postgres : [],
        origin: `${pair.name} #${i + 1}`,
        redshiftCopy: parseCopy(statement) !== undefined,
      });
    });
  }

  private add(statement: string, translation: Translation): void {
    const known = this.entries.get(statement);
    if (known === undefined) {
      this.entries.set(statement, translation);
      return;
    }
    const same =
      known.postgres.length === translation.postgres.length &&
      known.postgres.every((s, i) => s === translation.postgres[i]);
    if (!same) {
      throw new StatementMapConflictError(
        `the Redshift statement of ${translation.origin} also appears in ${known.origin} with another ` +
          `PostgreSQL counterpart; a statement must mean one thing locally: ${statement.slice(0, 120)}`,
      );
    }
  }
}

/**
 * The pairs of SQL files under a root: in any folder holding a warehouse file in both renderings
 * (a tree, or the warehouse part of one), down to the depth of `out/<stage>/<pipeline>/`.
 */
export function sqlFilePairs(root: string): SqlFilePair[] {
  const pairs: SqlFilePair[] = [];
  const visit = (dir: string, depth: number) => {
    for (const name of Object.values(WAREHOUSE_FILES)) {
      const redshift = artifactLayout.warehouseFile('redshift', name);
      const postgres = join(dir, artifactLayout.standInWarehouseFile(name));
      if (!existsSync(join(dir, redshift)) || !existsSync(postgres)) continue;
      pairs.push({
        name: `${relative(root, dir) || '.'}/${redshift}`,
        redshift: readFileSync(join(dir, redshift), 'utf8'),
        postgres: readFileSync(postgres, 'utf8'),
      });
    }
    if (depth === 0) return;
    for (const entry of readdirSync(dir).sort()) {
      const sub = join(dir, entry);
      if (statSync(sub).isDirectory()) visit(sub, depth - 1);
    }
  };
  if (existsSync(root)) visit(root, 4);
  return pairs;
}
