/**
 * Reads a synthesized artifact tree from disk: the simulator and deploy consume the tree, never
 * the TypeScript definitions it came from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

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
  readonly path: string;
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
    const file = join(dir, 'manifest.json');
    if (!existsSync(file))
      throw new Error(`${dir} is not an artifact tree: it has no manifest.json (run lakeline synth)`);
    this.manifest = JSON.parse(readFileSync(file, 'utf8')) as TreeManifest;
  }

  /** Paths of the files under a folder of the tree (`glue/jobs/`), in manifest order. */
  files(folder: string, extension = ''): string[] {
    return this.manifest.files
      .map((f) => f.path)
      .filter((p) => p.startsWith(folder) && p.endsWith(extension));
  }

  has(path: string): boolean {
    return this.manifest.files.some((f) => f.path === path);
  }

  text(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  json<T>(path: string): T {
    return JSON.parse(this.text(path)) as T;
  }

  /**
   * What must be in S3 before the jobs run, each where the tree says it is read: the runner script
   * at every job's ScriptLocation, each job plan at its `--plan_uri`, each DQDL ruleset at its
   * plan's `dqdlPath`. One entry per location; a file the configs name but the tree lacks is an error.
   */
  uploads(): TreeUpload[] {
    const uploads = new Map<string, string>();
    for (const path of this.files('glue/jobs/', '.json')) {
      const config = this.json<JobConfig>(path);
      const script = `glue/scripts/${basename(config.Command.ScriptLocation)}`;
      if (!this.has(script)) throw new Error(`${path}: the tree has no ${script} for ScriptLocation`);
      uploads.set(config.Command.ScriptLocation, script);
      const planUri = config.DefaultArguments?.['--plan_uri'];
      const planPath = `glue/plans/${basename(path)}`;
      if (planUri === undefined || !this.has(planPath))
        throw new Error(`${path}: no --plan_uri, or no ${planPath} in the tree`);
      uploads.set(planUri, planPath);
      for (const step of this.json<PlanSteps>(planPath).steps) {
        if (step.quality === undefined) continue;
        const ruleset = `quality/${basename(step.quality.dqdlPath)}`;
        if (!this.has(ruleset)) throw new Error(`${planPath}: the tree has no ${ruleset}`);
        uploads.set(step.quality.dqdlPath, ruleset);
      }
    }
    return [...uploads].map(([uri, path]) => ({ uri, path }));
  }
}
