/** Glue's MaxResults / NextToken, shared by its list operations. */
import type { JsonInput } from './json-input.js';
import type { PageOptions, PageRequest } from './paging.js';

export const GLUE_PAGES: PageOptions = {
  defaultSize: 100,
  maxSize: 1000,
  invalidTokenCode: 'InvalidInputException',
};

export const pageRequest = (input: JsonInput): PageRequest => ({
  maxResults: input.optionalNumber('MaxResults'),
  nextToken: input.optionalString('NextToken'),
});
