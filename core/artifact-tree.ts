/**
 * Reads a synthesized artifact tree from disk: the simulator and deploy consume the tree, never
 * the TypeScript definitions it came from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TreeManifest {
  readonly pipeline: string;
  readonly stage: string;
  readonly account: string;
  readonly region: string;
  readonly bucket: string;
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[];
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
}
