/** A crawl task: start the crawler and poll it until it is done (patterns/crawl-and-wait.ts). */
import type { Crawler } from '../../core/index.js';
import { crawlAndWait } from '../patterns/crawl-and-wait.js';
import { crawlerArn, crawlerName } from '../synth/resource-arns.js';
import { POLL_BUDGET_SECONDS, type TaskRenderer } from './task-renderer.js';

export const crawlRenderer: TaskRenderer<Crawler> = {
  toStates: (task, { pipeline, stage, failure }) =>
    crawlAndWait({
      label: task.name,
      crawlerName: crawlerName(pipeline, stage, task),
      crawlerArn: crawlerArn(pipeline, stage, task),
      failure,
    }),
  failedState: (task) => `Crawler ${task.name} failed`,
  budgetSeconds: () => POLL_BUDGET_SECONDS,
};
