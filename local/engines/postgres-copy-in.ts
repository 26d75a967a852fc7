/**
 * `COPY … FROM STDIN` over node-postgres: a Submittable (the query shape `client.query` accepts
 * for protocol-level work, as cursors and streams use) that sends a file as CopyData messages.
 * node-postgres has no COPY of its own; this is the few protocol steps COPY needs.
 */
import { createReadStream } from 'node:fs';
import type { Connection, Submittable } from 'pg';

/** The protocol calls node-postgres's Connection has and its typings leave out. */
interface CopyConnection extends Connection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

export class CopyFromFile implements Submittable {
  private connection: CopyConnection | undefined;
  private rows = 0;
  private failure: unknown;
  private settle!: { resolve: (rows: number) => void; reject: (error: unknown) => void };
  readonly done: Promise<number>;

  constructor(
    private readonly sql: string,
    private readonly file: string,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  submit(connection: Connection): void {
    this.connection = connection as CopyConnection;
    connection.query(this.sql);
  }

  handleCopyInResponse(): void {
    void this.send();
  }

  private async send(): Promise<void> {
    const connection = this.connection!;
    try {
      for await (const chunk of createReadStream(this.file, { highWaterMark: 1 << 20 })) {
        connection.sendCopyFromChunk(chunk as Buffer);
        if (connection.stream.writableNeedDrain) {
          await new Promise((resolve) => connection.stream.once('drain', resolve));
        }
      }
      connection.endCopyFrom();
    } catch (error) {
      this.failure = error;
      connection.sendCopyFail(error instanceof Error ? error.message : String(error));
    }
  }

  handleCommandComplete(message: { text?: string }): void {
    const m = /^COPY (\d+)/.exec(message.text ?? '');
    this.rows = m === null ? 0 : Number(m[1]);
  }

  handleError(error: unknown): void {
    this.settle.reject(this.failure ?? error);
  }

  handleReadyForQuery(): void {
    this.settle.resolve(this.rows);
  }

  // Messages COPY FROM does not produce; present because the client calls whichever arrives.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}
