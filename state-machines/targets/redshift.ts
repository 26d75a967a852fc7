/** The load on Redshift: the statements as one Data API batch, polled until it ends (patterns/redshift-statement.ts). */
import type { RedshiftTarget } from '../../core/index.js';
import { redshiftBatch } from '../patterns/redshift-statement.js';
import type { TargetLoader } from './target-loader.js';

export const redshiftLoader: TargetLoader<RedshiftTarget> = {
  dialect: 'redshift',
  loadStates: (target, { label, statementName, statements, stage, failure }) =>
    redshiftBatch({ label, statementName, sqls: statements, stage, target, failure }),
};
