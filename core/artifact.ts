/**
 * What generators return: files of the artifact tree, by path relative to
 * `out/<stage>/<pipeline>/` (`artifactLayout` names them). Generators are pure; only the CLI
 * writes them to disk.
 */
import type { ArtifactPath } from './artifact-layout.js';

export interface Artifact {
  readonly path: string;
  readonly content: string;
  /** `base64` for a binary file (a Lambda function's zip): `content` then holds its bytes so encoded. */
  readonly encoding?: 'base64';
}

/** Recursively sorts object keys so equal values always serialize to the same bytes. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** JSON with sorted keys, two-space indent and a final newline: byte-deterministic. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** A JSON file; the path says what it holds (`artifactLayout`), and the value must be that. */
export const jsonArtifact = <T>(path: ArtifactPath<T>, value: NoInfer<T>): Artifact =>
  Object.freeze({ path, content: stableJson(value) });

export const textArtifact = (path: ArtifactPath<string>, content: string): Artifact =>
  Object.freeze({ path, content: content.endsWith('\n') ? content : `${content}\n` });

/** A binary file (a zip): carried as base64 text, written and digested as its bytes (`artifactBytes`). */
export const binaryArtifact = (path: ArtifactPath<Uint8Array>, bytes: Uint8Array): Artifact =>
  Object.freeze({ path, content: Buffer.from(bytes).toString('base64'), encoding: 'base64' as const });

/** The bytes of the file an artifact stands for. */
export const artifactBytes = (a: Artifact): Buffer =>
  Buffer.from(a.content, a.encoding === 'base64' ? 'base64' : 'utf8');
