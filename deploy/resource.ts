/**
 * What deploy manages: a resource read from AWS, compared with what the artifact tree wants, and
 * created, updated or deleted with the SDK. Each kind of resource says how in `resources/`.
 */
import type { Clients } from './clients.js';

/** A value compared field by field: plain JSON. */
export type Fields = Readonly<Record<string, unknown>>;

export interface Change {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

export type Action = 'create' | 'update' | 'delete' | 'none';

export interface Resource {
  /** CloudFormation's name for the kind (`AWS::Glue::Job`): a vocabulary AWS users know. */
  readonly type: string;
  /** The resource's name or ARN, as printed. */
  readonly name: string;
  /** What the tree wants, as `read` reports it. */
  readonly desired: Fields;
  /** Its current state, or undefined when it does not exist. */
  read(clients: Clients): Promise<Fields | undefined>;
  create(clients: Clients): Promise<void>;
  /** Brings an existing resource to `desired`; `changes` are what differs. */
  update(clients: Clients, changes: readonly Change[], current: Fields): Promise<void>;
  delete(clients: Clients): Promise<void>;
  /**
   * Whether destroy may remove it: it carries the pipeline's and stage's tags (or, for kinds AWS
   * cannot tag, its name is the pipeline's own).
   */
  owned(current: Fields): boolean;
  /** Why destroy never removes this kind, when that is so (a bucket holds data). */
  readonly keptBecause?: string;
}

export interface PlannedChange {
  readonly resource: Resource;
  readonly action: Action;
  readonly changes: readonly Change[];
  readonly current?: Fields;
}

function canonical(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The top-level fields whose values differ (deeply, key order ignored). */
export function diffFields(desired: Fields, current: Fields): Change[] {
  const fields = [...new Set([...Object.keys(desired), ...Object.keys(current)])].sort();
  return fields
    .filter((f) => canonical(desired[f] ?? null) !== canonical(current[f] ?? null))
    .map((f) => ({ field: f, from: current[f], to: desired[f] }));
}

export const TAG_PIPELINE = 'lakeline:pipeline';
export const TAG_STAGE = 'lakeline:stage';

export function taggedFor(
  tags: Readonly<Record<string, string>> | undefined,
  pipeline: string,
  stage: string,
): boolean {
  return tags?.[TAG_PIPELINE] === pipeline && tags?.[TAG_STAGE] === stage;
}

/**
 * `current` cut down to the shape of `desired`: only the keys `desired` has, recursively, so the
 * fields AWS adds on its own (defaults, timestamps, empty lists) are not reported as changes.
 */
export function project(current: unknown, desired: unknown): unknown {
  if (Array.isArray(desired) && Array.isArray(current)) {
    return current.map((c, i) => project(c, desired[Math.min(i, desired.length - 1)]));
  }
  if (isObject(desired) && isObject(current)) {
    return Object.fromEntries(Object.keys(desired).map((k) => [k, project(current[k], desired[k])]));
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export type TagList = readonly { readonly Key?: string | undefined; readonly Value?: string | undefined }[];

export const tagMap = (tags: TagList | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

export const tagList = (tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** Tag keys present now but not wanted: what an update must remove. */
export const removedTagKeys = (current: unknown, desired: Readonly<Record<string, string>>): string[] =>
  Object.keys((current as Record<string, string> | undefined) ?? {}).filter((k) => !(k in desired));
