/**
 * DESIGN.md's folder table ("may import") and rules of direction as data, checked by
 * import-graph.test.ts. A folder may always import its own files; what it may import of the other
 * folders is listed, and anything unlisted is refused.
 */
export type Access =
  /** Only `<folder>/index.js`, the folder's public face: values and types. */
  | 'index'
  /** Only types, from `<folder>/index.js`: what an artifact looks like, never how it is made. */
  | 'types';

export interface FolderRule {
  /** What of each other folder may be imported; `everything` for the folders that wire it all. */
  readonly may: 'everything' | Readonly<Record<string, Access>>;
  readonly why: string;
}

const GENERATORS = [
  'state-machines',
  'glue-scripts',
  'lambda-functions',
  'quality-rules',
  'warehouse',
  'governance',
] as const;

/** The generators' public types: the artifacts they return are the contract with deploy and local. */
const artifactTypes = (except?: string): Record<string, Access> =>
  Object.fromEntries(GENERATORS.filter((g) => g !== except).map((g) => [g, 'types' as const]));

const generator = (name: (typeof GENERATORS)[number]): FolderRule => ({
  may: { core: 'index', ...artifactTypes(name) },
  why: 'a generator builds on the model; of another generator it sees only the public types',
});

/** One rule per source folder (a folder without one fails the test). */
export const IMPORT_RULES: Readonly<Record<string, FolderRule>> = {
  core: { may: {}, why: 'the model and the SQL compiler everything builds on: nothing of ours below it' },
  pipelines: { may: { core: 'index' }, why: 'definitions are written against the model alone' },
  'state-machines': generator('state-machines'),
  'glue-scripts': generator('glue-scripts'),
  'lambda-functions': generator('lambda-functions'),
  'quality-rules': generator('quality-rules'),
  warehouse: generator('warehouse'),
  governance: generator('governance'),
  deploy: {
    may: { core: 'index', ...artifactTypes() },
    why: 'deploy applies a synthesized tree, never the definitions that made it',
  },
  local: {
    // The evaluator is the one generator code the simulator runs: DQDL rules evaluated as SQL.
    may: { core: 'index', ...artifactTypes(), 'quality-rules': 'index' },
    why: 'the simulator reads the artifact tree, and runs rules with the quality-rules evaluator',
  },
  cli: { may: 'everything', why: 'the command wires everything together' },
  bench: { may: 'everything', why: "the benchmark times the command's parts end to end, as a test would" },
};

/** An import the rules refuse but the code needs: kept until it is no longer there. */
export interface ImportException {
  /** The importing file, relative to the repository. */
  readonly file: string;
  /** The import as written. */
  readonly specifier: string;
  readonly why: string;
}

/** None today; an entry that no import uses fails the test, so a fixed one cannot linger here. */
export const IMPORT_EXCEPTIONS: readonly ImportException[] = [];
