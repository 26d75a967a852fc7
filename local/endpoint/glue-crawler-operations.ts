/**
 * Glue's classifier and crawler operations over `LocalGlueCrawlers`. The members the local
 * crawler reads are checked for their shape here; what they mean (targets it can crawl, a
 * classifier it can apply) is the crawler's to judge.
 */

import type {
  CreateClassifierInput,
  CreateCrawlerInput,
  UpdateCrawlerInput,
} from '../glue/crawlers/crawler-types.js';
import type { LocalGlueCrawlers } from '../glue/crawlers/local-glue-crawlers.js';
import { GLUE_PAGES, pageRequest } from './glue-paging.js';
import type { JsonInput } from './json-input.js';
import type { JsonOperation } from './json-protocol.js';
import { pageOf } from './paging.js';

/** A crawler request's members, with the nested ones the crawler iterates checked for shape. */
function crawlerMembers(input: JsonInput, targetsRequired: boolean): Record<string, unknown> {
  const targets = targetsRequired ? input.input('Targets') : input.optionalInput('Targets');
  for (const t of targets?.optionalInputs('S3Targets') ?? []) {
    t.string('Path');
    t.optionalStringList('Exclusions');
  }
  input.optionalStringList('Classifiers');
  input.optionalStringMap('Tags');
  input.optionalInput('SchemaChangePolicy');
  input.optionalInput('RecrawlPolicy');
  input.optionalString('Configuration');
  return { ...input.members };
}

function classifierMembers(input: JsonInput): CreateClassifierInput {
  const csv = input.optionalInput('CsvClassifier');
  if (csv !== undefined) {
    csv.string('Name');
    csv.optionalString('Delimiter');
    csv.optionalString('QuoteSymbol');
    csv.optionalStringList('Header');
    csv.optionalStringList('CustomDatatypes');
  }
  return input.members as CreateClassifierInput;
}

export function crawlerOperations(crawlers: LocalGlueCrawlers): Record<string, JsonOperation> {
  return {
    CreateClassifier: (input) => crawlers.createClassifier(classifierMembers(input)),
    GetClassifier: (input) => crawlers.getClassifier({ Name: input.string('Name') }),
    UpdateClassifier: (input) => crawlers.updateClassifier(classifierMembers(input)),
    DeleteClassifier: (input) => crawlers.deleteClassifier({ Name: input.string('Name') }),

    CreateCrawler: (input) => {
      input.string('Name');
      input.string('Role');
      return crawlers.createCrawler(crawlerMembers(input, true) as unknown as CreateCrawlerInput);
    },
    GetCrawler: (input) => crawlers.getCrawler({ Name: input.string('Name') }),
    UpdateCrawler: (input) => {
      input.string('Name');
      return crawlers.updateCrawler(crawlerMembers(input, false) as unknown as UpdateCrawlerInput);
    },
    DeleteCrawler: (input) => crawlers.deleteCrawler({ Name: input.string('Name') }),
    StartCrawler: (input) => crawlers.startCrawler({ Name: input.string('Name') }),
    StopCrawler: (input) => crawlers.stopCrawler({ Name: input.string('Name') }),
    GetCrawlers: async (input) => {
      const { Crawlers } = await crawlers.getCrawlers();
      const sorted = Crawlers.sort((a, b) => a.Name.localeCompare(b.Name));
      const page = pageOf(sorted, pageRequest(input), GLUE_PAGES);
      return { Crawlers: page.items, NextToken: page.nextToken };
    },
    ListCrawlers: (input) => {
      const tags = input.optionalStringMap('Tags');
      const { CrawlerNames } = crawlers.listCrawlers(tags === undefined ? {} : { Tags: tags });
      const page = pageOf(CrawlerNames, pageRequest(input), GLUE_PAGES);
      return { CrawlerNames: page.items, NextToken: page.nextToken };
    },
    GetCrawlerMetrics: (input) => {
      const names = input.optionalStringList('CrawlerNameList');
      return crawlers.getCrawlerMetrics(names === undefined ? {} : { CrawlerNameList: names });
    },
  };
}
