/**
 * One caller at a time on a warehouse: the Redshift Data API's jobs and the RDS Data API's
 * statements and transactions share the simulated account's one warehouse (PGlite has one
 * session; a server's pool would let them interleave), so each takes a turn and the next waits
 * until it ends. Turns are granted in the order asked for.
 *
 * The turns belong to the connection, not to a service, so every service handed the same
 * connection waits for the others without being wired to them.
 */
import type { WarehouseConnection } from './warehouse-connection.js';

export class WarehouseTurns {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Runs `work` once every turn asked for before has ended; its result or error is the caller's. */
  take<T>(work: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const turn = this.tail.then(() => {
      this.waiting -= 1;
      return work();
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Turns asked for and not yet started (for tests and reports). */
  get queued(): number {
    return this.waiting;
  }
}

const byConnection = new WeakMap<WarehouseConnection, WarehouseTurns>();

/** The turns of a connection, shared by everyone who asks for them. */
export function turnsOf(warehouse: WarehouseConnection): WarehouseTurns {
  let turns = byConnection.get(warehouse);
  if (turns === undefined) {
    turns = new WarehouseTurns();
    byConnection.set(warehouse, turns);
  }
  return turns;
}
