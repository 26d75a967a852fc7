/**
 * Crawl and wait. Glue crawlers have no `.sync` integration, so the crawl is started with the SDK
 * integration and polled: Wait → GetCrawler → Choice until the crawler is READY again, then its
 * LastCrawl.Status decides. SUCCEEDED continues (the Choice rule left open for chaining);
 * FAILED or CANCELLED records `Lakeline.CrawlFailed` and takes the failure route.
 *
 * `Glue.CrawlerRunningException` on start means another crawl of the same crawler is under way
 * (a schedule, another execution). It is retried patiently rather than treated as our crawl:
 * that crawl may have begun before our data landed, so ours starts once it is done.
 */
import type { Chain } from '../chain.js';
import { cond } from '../conditions.js';
import { pathKey, ref } from '../intrinsics.js';
import { choice, task, wait } from '../states.js';
import { CRAWL_FAILED, catchAll, type FailureRoute, recordFailure } from './failure.js';
import {
  API_CALL_TIMEOUT_SECONDS,
  GLUE_CRAWLER_RUNNING,
  GLUE_TRANSIENT,
  retrier,
  STATES_TIMEOUT,
} from './retry-policies.js';

export const GLUE_START_CRAWLER = 'arn:aws:states:::aws-sdk:glue:startCrawler';
export const GLUE_GET_CRAWLER = 'arn:aws:states:::aws-sdk:glue:getCrawler';

export interface CrawlAndWaitSpec {
  /** How states name this crawl: `raw` → `Start raw crawler`, `Raw crawl failed`. */
  readonly label: string;
  readonly crawlerName: string;
  readonly crawlerArn: string;
  readonly failure: FailureRoute;
  readonly pollSeconds?: number;
}

/** The state names of a crawl, for chaining and for tests. */
export function crawlStateNames(label: string) {
  const capital = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  return {
    start: `Start ${label} crawler`,
    wait: `Wait for ${label} crawler`,
    get: `Get ${label} crawler status`,
    check: `Check ${label} crawler`,
    failed: `${capital} crawl failed`,
  } as const;
}

export function crawlAndWait(spec: CrawlAndWaitSpec): Chain {
  const names = crawlStateNames(spec.label);
  const result = `$.crawlers.${pathKey(spec.label)}`;
  const grant = (action: string) => [{ actions: [action], resources: [spec.crawlerArn] }];
  const start = task(names.start, {
    resource: GLUE_START_CRAWLER,
    parameters: { Name: spec.crawlerName },
    resultPath: null,
    retry: [
      retrier(GLUE_TRANSIENT),
      // Up to half an hour for the other crawl to finish.
      retrier([GLUE_CRAWLER_RUNNING], { intervalSeconds: 60, maxAttempts: 30, backoffRate: 1 }),
    ],
    catch: catchAll(spec.failure),
    grants: grant('glue:StartCrawler'),
    next: names.wait,
  });
  const pause = wait(names.wait, { seconds: spec.pollSeconds ?? 30, next: names.get });
  const get = task(names.get, {
    resource: GLUE_GET_CRAWLER,
    parameters: { Name: spec.crawlerName },
    resultPath: result,
    timeoutSeconds: API_CALL_TIMEOUT_SECONDS,
    retry: [retrier([...GLUE_TRANSIENT, STATES_TIMEOUT])],
    catch: catchAll(spec.failure),
    grants: grant('glue:GetCrawler'),
    next: names.check,
  });
  const state = `${result}.Crawler.State`;
  const lastStatus = `${result}.Crawler.LastCrawl.Status`;
  const check = choice(names.check, {
    rules: [
      // RUNNING or STOPPING: not done. READY without a LastCrawl cannot be the end of a crawl we started.
      {
        condition: cond.or(cond.not(cond.stringEquals(state, 'READY')), cond.isPresent(lastStatus, false)),
        next: names.wait,
      },
      { condition: cond.stringEquals(lastStatus, 'SUCCEEDED') },
    ],
    otherwise: names.failed,
  });
  const failed = recordFailure(names.failed, {
    error: CRAWL_FAILED,
    cause: [
      `Crawler ${spec.crawlerName} ended its crawl `,
      ref(lastStatus),
      ': ',
      ref(`States.JsonToString(${result}.Crawler.LastCrawl)`),
    ],
    route: spec.failure,
  });
  return Object.freeze({
    kind: 'chain',
    startAt: start.name,
    states: Object.freeze([start, pause, get, check, failed]),
    ends: Object.freeze([check.name]),
  });
}
