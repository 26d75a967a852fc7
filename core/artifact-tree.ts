/**
 * Reads a synthesized artifact tree from disk: the simulator and deploy consume the tree, never
 * the TypeScript definitions it came from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type ArtifactFamily, type ArtifactPath, artifactLayout as layout } from './artifact-layout.js';

export interface TreeManifest {
  readonly pipeline: string;
  readonly stage: string;
  readonly account: string;
  readonly region: string;
  readonly bucket: string;
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[];
}

/** A file of the tree and the S3 location the configs read it from. */
export interface TreeUpload {
  readonly uri: string;
  readonly path: ArtifactPath;
}

interface JobConfig {
  readonly Command: { readonly ScriptLocation: string };
  readonly DefaultArguments?: Readonly<Record<string, string>>;
}

interface PlanSteps {
  readonly steps: readonly { readonly quality?: { readonly dqdlPath: string } }[];
}

export class ArtifactTree {
  readonly manifest: TreeManifest;

  constructor(readonly dir: string) {
    if (!existsSync(join(dir, layout.manifest)))
      throw new Error(`${dir} is not an artifact tree: it has no ${layout.manifest} (run lakeline synth)`);
    this.manifest = this.json(layout.manifest);
  }

  /** The tree's files of one family (`artifactLayout.jobConfigs`), in manifest order. */
  list<T>(family: ArtifactFamily<T>): ArtifactPath<T>[] {
    return this.manifest.files.map((f) => f.path).filter((p) => family.nameOf(p) !== undefined);
  }

  has(path: ArtifactPath): boolean {
    return this.manifest.files.some((f) => f.path === path);
  }

  /** A file's bytes (a binary file, such as a Lambda function's zip). */
  bytes(path: ArtifactPath): Buffer {
    return readFileSync(join(this.dir, path));
  }

  text(path: ArtifactPath): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  /** The parsed file, of the type its path says where core declares it… */
  json<T>(path: ArtifactPath<T>): T;
  /** …or of the type the reader names, where the generator writing the file declares it. */
  json<T>(path: ArtifactPath): T;
  json(path: ArtifactPath): unknown {
    return JSON.parse(this.text(path));
  }

  /**
   * What must be in S3 before the jobs run, each where the tree says it is read: the runner script
   * at every job's ScriptLocation, each job plan at its `--plan_uri`, each DQDL ruleset at its
   * plan's `dqdlPath`. One entry per location; a file the configs name but the tree lacks is an error.
   */
  uploads(): TreeUpload[] {
    const uploads = new Map<string, ArtifactPath>();
    for (const path of this.list(layout.jobConfigs)) {
      const config = this.json<JobConfig>(path);
      const script = layout.glueScripts.path(basename(config.Command.ScriptLocation));
      if (!this.has(script)) throw new Error(`${path}: the tree has no ${script} for ScriptLocation`);
      uploads.set(config.Command.ScriptLocation, script);
      const planUri = config.DefaultArguments?.['--plan_uri'];
      const planPath = layout.jobPlans.path(layout.jobConfigs.nameOf(path)!);
      if (planUri === undefined || !this.has(planPath))
        throw new Error(`${path}: no --plan_uri, or no ${planPath} in the tree`);
      uploads.set(planUri, planPath);
      for (const step of this.json<PlanSteps>(planPath).steps) {
        if (step.quality === undefined) continue;
        const ruleset = layout.rulesets.path(basename(step.quality.dqdlPath, layout.rulesets.extension));
        if (!this.has(ruleset)) throw new Error(`${planPath}: the tree has no ${ruleset}`);
        uploads.set(step.quality.dqdlPath, ruleset);
      }
    }
    return [...uploads].map(([uri, path]) => ({ uri, path }));
  }
}
