/** The load on Redshift: the statements as one Data API batch, polled until it ends (patterns/redshift-statement.ts). */
import type { RedshiftTarget } from '../../core/index.js';
import { redshiftBatch } from '../patterns/redshift-statement.js';
import type { TargetLoader } from './target-loader.js';

export const redshiftLoader: TargetLoader<RedshiftTarget> = {
  dialect: 'redshift',
  loadStates: (target, { label, statementName, statements, stage, failure }) => {
    const perObject = statements.find((st) => st.perObject !== undefined);
    if (perObject !== undefined) {
      // Redshift's COPY reads a whole prefix; nothing in its rendering runs per object.
      throw new Error(`${label}: a Redshift load has no per-object statement, got: ${perObject.sql}`);
    }
    const sqls = statements.map((st) => st.sql);
    return redshiftBatch({ label, statementName, sqls, stage, target, failure });
  },
};
