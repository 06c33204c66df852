/**
 * Keeps the most recent handler and listener errors with a short random id, so the id a user is shown
 * can be looked up later (a `traceback` command) without searching the logs.
 */
import { randomBytes } from 'node:crypto';

export interface ErrorRecord {
  id: string;
  /** What failed, e.g. `command ping` or `listener general.onMemberJoin`. */
  where: string;
  error: unknown;
  time: Date;
}

/** Creates a short random id such as `3f9a0c1e`. */
export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}

export class ErrorLog {
  private readonly records: ErrorRecord[] = [];

  constructor(readonly capacity = 50) {}

  /** Stores an error and returns its record (the oldest is dropped when full). */
  record(where: string, error: unknown): ErrorRecord {
    const record: ErrorRecord = { id: newErrorId(), where, error, time: new Date() };
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    return record;
  }

  /** The error with this id, if it is still kept. */
  get(id: string): ErrorRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  /** The kept errors, newest first. */
  recent(limit = this.capacity): ErrorRecord[] {
    return this.records.slice(-limit).reverse();
  }
}
