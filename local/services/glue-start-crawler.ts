/**
 * Serves `arn:aws:states:::aws-sdk:glue:startCrawler`: starts the crawl and answers `{}` as the
 * SDK does; the crawl goes on in the background. A crawler already running answers
 * `Glue.CrawlerRunningException`, which the crawl-and-wait pattern retries. Retry intervals take
 * no time locally, so the failed attempt first gives the other crawl a moment to progress: the
 * retries then span that crawl as the pattern's minutes-long intervals do on AWS.
 */
import type { TaskHandler } from '../executor/types.js';
import { glueError, isGlueError } from '../glue/catalog/glue-error.js';
import type { LocalGlueCrawlers } from '../glue/crawlers/local-glue-crawlers.js';

export const GLUE_START_CRAWLER_RESOURCE = 'arn:aws:states:::aws-sdk:glue:startCrawler';

export const glueStartCrawler =
  (crawlers: LocalGlueCrawlers): TaskHandler =>
  async (input) => {
    const { Name } = (input ?? {}) as { Name?: unknown };
    if (typeof Name !== 'string') throw glueError('InvalidInputException', 'StartCrawler needs a Name');
    try {
      return await crawlers.startCrawler({ Name });
    } catch (error) {
      if (isGlueError(error, 'CrawlerRunningException')) await crawlers.waitForProgress({ Name });
      throw error;
    }
  };
