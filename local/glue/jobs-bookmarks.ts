/**
 * Job bookmarks on disk (`<workdir>/glue/bookmarks/<job>.json`), so they outlive one simulator
 * process as they outlive a run on Glue. For an S3 source Glue decides by the objects' last
 * modification: an object is new when the bookmark has not seen it, or has seen it with another
 * size or modification time. A run commits the files it read only when it succeeds.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobBookmarkEntry } from './jobs-types.js';

export interface SourceFile {
  /** `s3://bucket/key` */
  readonly uri: string;
  readonly size: number;
  readonly lastModified: Date;
}

interface FileMark {
  readonly size: number;
  readonly lastModified: string;
}

type BookmarkState = Record<string, { readonly files: Record<string, FileMark> }>;

interface StoredEntry extends Omit<JobBookmarkEntry, 'JobBookmark'> {
  readonly JobBookmark: BookmarkState;
}

export class JobBookmarks {
  constructor(private readonly dir: string) {}

  private path(jobName: string): string {
    return join(this.dir, `${encodeURIComponent(jobName)}.json`);
  }

  /** The job's bookmark file, its folder made; the runner's spark runtime reads and commits it too. */
  file(jobName: string): string {
    mkdirSync(this.dir, { recursive: true });
    return this.path(jobName);
  }

  private read(jobName: string): StoredEntry | undefined {
    const file = this.path(jobName);
    if (!existsSync(file)) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as StoredEntry;
  }

  /** The entry as GetJobBookmark returns it; undefined before the first committed run. */
  get(jobName: string): JobBookmarkEntry | undefined {
    const stored = this.read(jobName);
    return stored === undefined ? undefined : { ...stored, JobBookmark: JSON.stringify(stored.JobBookmark) };
  }

  /** Whether a run of this job has committed what it read from this source. */
  hasState(jobName: string, context: string): boolean {
    return this.read(jobName)?.JobBookmark[context] !== undefined;
  }

  /** The files of `files` the bookmark has not seen as they are now. */
  unseen<F extends SourceFile>(jobName: string, context: string, files: readonly F[]): F[] {
    const seen = this.read(jobName)?.JobBookmark[context]?.files ?? {};
    return files.filter((f) => {
      const mark = seen[f.uri];
      return mark === undefined || mark.size !== f.size || mark.lastModified !== f.lastModified.toISOString();
    });
  }

  /** Records the files a successful run read. */
  commit(jobName: string, runId: string, context: string, files: readonly SourceFile[]): JobBookmarkEntry {
    const before = this.read(jobName);
    const seen = { ...(before?.JobBookmark[context]?.files ?? {}) };
    for (const f of files) seen[f.uri] = { size: f.size, lastModified: f.lastModified.toISOString() };
    const entry: StoredEntry = {
      JobName: jobName,
      Version: (before?.Version ?? 0) + 1,
      Run: (before?.Run ?? 0) + 1,
      Attempt: 0,
      RunId: runId,
      ...(before?.RunId === undefined ? {} : { PreviousRunId: before.RunId }),
      JobBookmark: { ...(before?.JobBookmark ?? {}), [context]: { files: seen } },
    };
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.path(jobName), `${JSON.stringify(entry, null, 2)}\n`);
    return this.get(jobName)!;
  }

  /** Forgets everything the job read: its next run reads every file again. */
  reset(jobName: string): JobBookmarkEntry {
    const before = this.read(jobName);
    rmSync(this.path(jobName), { force: true });
    return {
      JobName: jobName,
      Version: before?.Version ?? 0,
      Run: 0,
      Attempt: 0,
      ...(before?.RunId === undefined ? {} : { RunId: before.RunId }),
      JobBookmark: '{}',
    };
  }
}
