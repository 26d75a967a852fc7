/** Glue Data Quality's ruleset operations over `LocalDataQualityRulesets`. */
import type {
  DataQualityRulesetFilter,
  DataQualityTargetTable,
  LocalDataQualityRulesets,
} from '../glue/data-quality-rulesets.js';
import { GLUE_PAGES, pageRequest } from './glue-paging.js';
import type { JsonInput } from './json-input.js';
import type { JsonOperation } from './json-protocol.js';
import { dateFromEpoch } from './json-wire.js';
import { pageOf } from './paging.js';

function targetTable(input: JsonInput | undefined): DataQualityTargetTable | undefined {
  if (input === undefined) return undefined;
  const catalogId = input.optionalString('CatalogId');
  return {
    TableName: input.string('TableName'),
    DatabaseName: input.string('DatabaseName'),
    ...(catalogId === undefined ? {} : { CatalogId: catalogId }),
  };
}

function filterOf(input: JsonInput | undefined): DataQualityRulesetFilter {
  if (input === undefined) return {};
  const date = (name: string) => dateFromEpoch(input.members[name], name, input.invalidCode);
  const entries = {
    Name: input.optionalString('Name'),
    Description: input.optionalString('Description'),
    CreatedBefore: date('CreatedBefore'),
    CreatedAfter: date('CreatedAfter'),
    LastModifiedBefore: date('LastModifiedBefore'),
    LastModifiedAfter: date('LastModifiedAfter'),
    TargetTable: targetTable(input.optionalInput('TargetTable')),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/** Optional string members, left out when absent (the store's inputs have exact optional types). */
function optionalStrings(input: JsonInput, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = input.optionalString(name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export function rulesetOperations(rulesets: LocalDataQualityRulesets): Record<string, JsonOperation> {
  return {
    CreateDataQualityRuleset: (input) => {
      const table = targetTable(input.optionalInput('TargetTable'));
      const tags = input.optionalStringMap('Tags');
      return rulesets.create({
        Name: input.string('Name'),
        Ruleset: input.string('Ruleset'),
        ...optionalStrings(input, ['Description', 'DataQualitySecurityConfiguration']),
        ...(table === undefined ? {} : { TargetTable: table }),
        ...(tags === undefined ? {} : { Tags: tags }),
      });
    },
    GetDataQualityRuleset: (input) => rulesets.get({ Name: input.string('Name') }),
    UpdateDataQualityRuleset: (input) =>
      rulesets.update({ Name: input.string('Name'), ...optionalStrings(input, ['Description', 'Ruleset']) }),
    DeleteDataQualityRuleset: (input) => {
      rulesets.delete({ Name: input.string('Name') });
      return {};
    },
    ListDataQualityRulesets: (input) => {
      const all = rulesets.list(
        filterOf(input.optionalInput('Filter')),
        input.optionalStringMap('Tags') ?? {},
      );
      const page = pageOf(all, pageRequest(input), GLUE_PAGES);
      return { Rulesets: page.items, NextToken: page.nextToken };
    },
  };
}
