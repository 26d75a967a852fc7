/**
 * Serves `arn:aws:states:::aws-sdk:glue:getCrawler`: `{ Crawler: { Name, State, LastCrawl, … } }`
 * as the SDK returns it, timestamps as ISO-8601 strings. A poll of a running crawler waits a few
 * milliseconds first (see LocalGlueCrawlers), so a zero-time Wait loop lets the crawl progress.
 */
import type { JsonValue, TaskHandler } from '../executor/types.js';
import { glueError } from '../glue/catalog/glue-error.js';
import type { LocalGlueCrawlers } from '../glue/crawlers/local-glue-crawlers.js';

export const GLUE_GET_CRAWLER_RESOURCE = 'arn:aws:states:::aws-sdk:glue:getCrawler';

export const glueGetCrawler =
  (crawlers: LocalGlueCrawlers): TaskHandler =>
  async (input) => {
    const { Name } = (input ?? {}) as { Name?: unknown };
    if (typeof Name !== 'string') throw glueError('InvalidInputException', 'GetCrawler needs a Name');
    // A JSON copy: the state's result must not share objects with the service's own records.
    return JSON.parse(JSON.stringify(await crawlers.getCrawler({ Name }))) as JsonValue;
  };
