/**
 * Glue Data Quality rulesets as named resources (CreateDataQualityRuleset and its kin), in memory.
 * The synthesized jobs do not read these: a job's quality step evaluates the DQDL its plan points
 * to. The store is what a deploy that registers the rulesets, and a client that lists them, talk
 * to. A ruleset is parsed with the `quality-rules` DQDL parser, so text Glue would refuse is
 * refused here too (InvalidInputException, with the line and column), and RuleCount is the
 * number of rules the parser found.
 */
import { DqdlSyntaxError, parseRuleset } from '../../quality-rules/index.js';
import { glueError } from './catalog/glue-error.js';

export interface DataQualityTargetTable {
  readonly TableName: string;
  readonly DatabaseName: string;
  readonly CatalogId?: string;
}

export interface CreateDataQualityRulesetInput {
  readonly Name: string;
  readonly Ruleset: string;
  readonly Description?: string;
  readonly Tags?: Readonly<Record<string, string>>;
  readonly TargetTable?: DataQualityTargetTable;
  readonly DataQualitySecurityConfiguration?: string;
}

/** GetDataQualityRuleset's answer. */
export interface DataQualityRuleset {
  readonly Name: string;
  readonly Description?: string;
  readonly Ruleset: string;
  readonly TargetTable?: DataQualityTargetTable;
  readonly CreatedOn: Date;
  readonly LastModifiedOn: Date;
  readonly DataQualitySecurityConfiguration?: string;
}

/** One entry of ListDataQualityRulesets. */
export interface DataQualityRulesetListDetails {
  readonly Name: string;
  readonly Description?: string;
  readonly CreatedOn: Date;
  readonly LastModifiedOn: Date;
  readonly TargetTable?: DataQualityTargetTable;
  readonly RuleCount: number;
}

export interface DataQualityRulesetFilter {
  readonly Name?: string;
  readonly Description?: string;
  readonly CreatedBefore?: Date;
  readonly CreatedAfter?: Date;
  readonly LastModifiedBefore?: Date;
  readonly LastModifiedAfter?: Date;
  readonly TargetTable?: DataQualityTargetTable;
}

interface Entry {
  ruleset: DataQualityRuleset;
  ruleCount: number;
  tags: Record<string, string>;
}

function ruleCount(name: string, text: string): number {
  try {
    return parseRuleset(text).rules.length;
  } catch (error) {
    if (error instanceof DqdlSyntaxError) {
      throw glueError('InvalidInputException', `Ruleset ${name} is not valid DQDL: ${error.message}`);
    }
    throw error;
  }
}

const sameTable = (a: DataQualityTargetTable | undefined, b: DataQualityTargetTable): boolean =>
  a !== undefined &&
  a.TableName === b.TableName &&
  a.DatabaseName === b.DatabaseName &&
  (b.CatalogId === undefined || a.CatalogId === undefined || a.CatalogId === b.CatalogId);

export class LocalDataQualityRulesets {
  private readonly rulesets = new Map<string, Entry>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  create(input: CreateDataQualityRulesetInput): { Name: string } {
    if (this.rulesets.has(input.Name)) {
      throw glueError('AlreadyExistsException', `Ruleset ${input.Name} already exists`);
    }
    const count = ruleCount(input.Name, input.Ruleset);
    const now = this.now();
    this.rulesets.set(input.Name, {
      ruleset: {
        Name: input.Name,
        ...(input.Description === undefined ? {} : { Description: input.Description }),
        Ruleset: input.Ruleset,
        ...(input.TargetTable === undefined ? {} : { TargetTable: input.TargetTable }),
        CreatedOn: now,
        LastModifiedOn: now,
        ...(input.DataQualitySecurityConfiguration === undefined
          ? {}
          : { DataQualitySecurityConfiguration: input.DataQualitySecurityConfiguration }),
      },
      ruleCount: count,
      tags: { ...(input.Tags ?? {}) },
    });
    return { Name: input.Name };
  }

  get(input: { readonly Name: string }): DataQualityRuleset {
    return this.entry(input.Name).ruleset;
  }

  /** Replaces the description and the rules given; the rest stays. */
  update(input: { readonly Name: string; readonly Description?: string; readonly Ruleset?: string }): {
    Name: string;
    Description?: string;
    Ruleset: string;
  } {
    const entry = this.entry(input.Name);
    if (input.Ruleset !== undefined) entry.ruleCount = ruleCount(input.Name, input.Ruleset);
    const description = input.Description ?? entry.ruleset.Description;
    entry.ruleset = {
      ...entry.ruleset,
      ...(description === undefined ? {} : { Description: description }),
      Ruleset: input.Ruleset ?? entry.ruleset.Ruleset,
      LastModifiedOn: this.now(),
    };
    const { Name, Ruleset } = entry.ruleset;
    return description === undefined ? { Name, Ruleset } : { Name, Description: description, Ruleset };
  }

  delete(input: { readonly Name: string }): void {
    this.entry(input.Name);
    this.rulesets.delete(input.Name);
  }

  /** The rulesets matching the filter and carrying every tag of `tags`, by name. */
  list(
    filter: DataQualityRulesetFilter = {},
    tags: Readonly<Record<string, string>> = {},
  ): DataQualityRulesetListDetails[] {
    const wanted = Object.entries(tags);
    return [...this.rulesets.values()]
      .filter(({ ruleset: r, tags: own }) => {
        if (!wanted.every(([k, v]) => own[k] === v)) return false;
        if (filter.Name !== undefined && r.Name !== filter.Name) return false;
        if (filter.Description !== undefined && r.Description !== filter.Description) return false;
        if (filter.CreatedBefore !== undefined && r.CreatedOn >= filter.CreatedBefore) return false;
        if (filter.CreatedAfter !== undefined && r.CreatedOn <= filter.CreatedAfter) return false;
        if (filter.LastModifiedBefore !== undefined && r.LastModifiedOn >= filter.LastModifiedBefore)
          return false;
        if (filter.LastModifiedAfter !== undefined && r.LastModifiedOn <= filter.LastModifiedAfter)
          return false;
        return filter.TargetTable === undefined || sameTable(r.TargetTable, filter.TargetTable);
      })
      .map(({ ruleset: r, ruleCount: count }) => ({
        Name: r.Name,
        ...(r.Description === undefined ? {} : { Description: r.Description }),
        CreatedOn: r.CreatedOn,
        LastModifiedOn: r.LastModifiedOn,
        ...(r.TargetTable === undefined ? {} : { TargetTable: r.TargetTable }),
        RuleCount: count,
      }))
      .sort((a, b) => a.Name.localeCompare(b.Name));
  }

  tags(input: { readonly Name: string }): Record<string, string> {
    return { ...this.entry(input.Name).tags };
  }

  tag(input: { readonly Name: string; readonly Tags: Readonly<Record<string, string>> }): void {
    const entry = this.entry(input.Name);
    entry.tags = { ...entry.tags, ...input.Tags };
  }

  untag(input: { readonly Name: string; readonly TagKeys: readonly string[] }): void {
    const entry = this.entry(input.Name);
    for (const key of input.TagKeys) delete entry.tags[key];
  }

  private entry(name: string): Entry {
    const entry = this.rulesets.get(name);
    if (entry === undefined)
      throw glueError('EntityNotFoundException', `Cannot find Data Quality Ruleset in account: ${name}`);
    return entry;
  }
}
