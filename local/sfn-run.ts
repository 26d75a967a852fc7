/**
 * `lakeline sfn run`: any state machine, executed with the simulator's executor and services. Tasks
 * resolve by Resource ARN to the local services of a simulated account under the workdir; a
 * resource nothing serves fails the run before it starts, naming the state and the resource.
 */
import { mkdirSync } from 'node:fs';
import {
  createAslExecutor,
  type ExecutionEvent,
  type ExecutionResult,
  type JsonValue,
} from './executor/index.js';
import { LocalDataCatalog } from './glue/catalog/index.js';
import { LocalGlueCrawlers } from './glue/crawlers/index.js';
import { LocalGlueJobs } from './glue/jobs.js';
import { LocalS3 } from './s3/local-s3.js';
import { resolverFor } from './services/registry.js';
import { LocalSns } from './sns/local-sns.js';
import { openWarehouse } from './warehouse-setup.js';
import { workdirLayout } from './world.js';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

export async function runStateMachine(options: {
  readonly definition: JsonValue;
  readonly input: JsonValue;
  readonly workdir: string;
  readonly warehouse: string;
  readonly name?: string;
  readonly onEvent?: (event: ExecutionEvent) => void;
}): Promise<ExecutionResult> {
  const layout = workdirLayout(options.workdir);
  mkdirSync(layout.workdir, { recursive: true });
  const s3 = new LocalS3(layout.s3);
  const catalog = new LocalDataCatalog(layout.catalog, { catalogId: ACCOUNT });
  const crawlers = new LocalGlueCrawlers({ s3, catalog });
  const jobs = new LocalGlueJobs({ s3, dir: layout.glue });
  const sns = new LocalSns(layout.outbox, REGION, ACCOUNT, { autoCreateTopics: true });
  const redshift = await openWarehouse({ s3, layout, warehouse: options.warehouse });
  const name = options.name ?? 'sfn-run';
  const executionName = `${name}-${Date.now()}`;
  try {
    return await createAslExecutor().run(options.definition, options.input, {
      resolve: resolverFor({ s3, sns, crawlers, jobs, redshift }),
      context: {
        executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${name}:${executionName}`,
        executionName,
        stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`,
        stateMachineName: name,
        startTime: new Date().toISOString(),
      },
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    });
  } finally {
    await redshift.close();
  }
}
