export { type CrawlerOptions, parseCrawlerConfiguration } from './crawler-configuration.js';
export { type HiveType, hiveTypeOfDuckDb, renderHiveType } from './crawler-hive-type.js';
export { crawlerIdentity } from './crawler-run.js';
export type * from './crawler-types.js';
export {
  type CrawlerStateChange,
  LocalGlueCrawlers,
  type LocalGlueCrawlersOptions,
} from './local-glue-crawlers.js';
