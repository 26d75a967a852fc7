/**
 * What generators return: files of the artifact tree, by path relative to
 * `out/<stage>/<pipeline>/` (`artifactLayout` names them). Generators are pure; only the CLI
 * writes them to disk.
 */
import type { ArtifactPath } from './artifact-layout.js';

export interface Artifact {
  readonly path: string;
  readonly content: string;
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
