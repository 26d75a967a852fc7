/**
 * The load on Redshift: the statements as Data API batches, each polled until it ends
 * (patterns/redshift-statement.ts). A batch is one transaction of at most 40 statements: a load
 * that fits is one batch; a longer one is sent as consecutive batches, each holding whole parts of
 * the load (`LoadStatement.part`: the staging tables, a dimension, a fact, a mart), so a part is
 * never split between two transactions. Every part reruns safely, so a rerun after a failed batch
 * converges; until then the parts committed before it stay.
 */
import type { LoadStatement, RedshiftTarget } from '../../core/index.js';
import { chain } from '../chain.js';
import { MAX_BATCH_STATEMENTS, redshiftBatch } from '../patterns/redshift-statement.js';
import type { TargetLoader } from './target-loader.js';

/** Consecutive parts packed into batches of at most `max` statements, in order. */
export function packParts(statements: readonly LoadStatement[], max: number): LoadStatement[][] {
  const parts: LoadStatement[][] = [];
  for (const st of statements) {
    const last = parts[parts.length - 1];
    if (last !== undefined && last[0]!.part === st.part) last.push(st);
    else parts.push([st]);
  }
  const batches: LoadStatement[][] = [];
  for (const part of parts) {
    const last = batches[batches.length - 1];
    if (last !== undefined && last.length + part.length <= max) last.push(...part);
    else batches.push([...part]);
  }
  return batches;
}

export const redshiftLoader: TargetLoader<RedshiftTarget> = {
  dialect: 'redshift',
  loadStates: (target, { label, statementName, statements, stage, failure }) => {
    const perObject = statements.find((st) => st.perObject !== undefined);
    if (perObject !== undefined) {
      // Redshift's COPY reads a whole prefix; nothing in its rendering runs per object.
      throw new Error(`${label}: a Redshift load has no per-object statement, got: ${perObject.sql}`);
    }
    const batches = packParts(statements, MAX_BATCH_STATEMENTS);
    const batch = (sqls: readonly LoadStatement[], i: number) => {
      const numbered = batches.length === 1 ? '' : ` ${i + 1} of ${batches.length}`;
      return redshiftBatch({
        label: `${label}${numbered}`,
        statementName: `${statementName}${numbered.replaceAll(' ', '-')}`,
        sqls: sqls.map((st) => st.sql),
        stage,
        target,
        failure,
      });
    };
    // No statement at all: the batch refuses it, with its state's name.
    if (batches.length === 0) return redshiftBatch({ label, statementName, sqls: [], stage, target, failure });
    return chain(...batches.map(batch));
  },
};
