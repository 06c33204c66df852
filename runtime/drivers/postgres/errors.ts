/**
 * The postgres driver's own failure: the database could not do what was asked (unreachable, connection
 * dropped, server error). Config errors (CannotSetSubfieldError, LockTimeoutError) pass through unchanged.
 */
import type { ErrorCode } from '../../contract/errors.js';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { ConfigError, type ConfigLocation } from '../errors.js';

// SQLSTATE classes and Node socket codes that mean "the connection, not the statement, failed".
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = [/connection terminated/i, /not queryable/i, /timeout exceeded when trying to connect/i, /connection.*(closed|ended)/i, /server closed the connection/i];

/** The error underneath drizzle's wrapper (which carries the whole query text, too long for a message). */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof DrizzleQueryError && current.cause !== undefined; depth++) {
    current = current.cause;
  }
  return current;
}

/** A readable reason, also for errors with an empty message (Node's AggregateError for refused connections). */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(reasonOf).join('; ');
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}

/** True when `error` says the connection failed (so a retry on a fresh connection may succeed). */
export function isConnectionError(wrapped: unknown): boolean {
  const error = rootCause(wrapped);
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || CONNECTION_SQLSTATES.has(code) || CONNECTION_NODE_CODES.has(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return CONNECTION_MESSAGES.some((re) => re.test(error.message));
}

/** An operation of the postgres driver failed in the database or on the way to it. */
export class PostgresDriverError extends ConfigError {
  static override readonly code: ErrorCode = 'POSTGRES_DRIVER';
  /** The driver operation: `get`, `set`, `increment`, `open`, ... */
  readonly operation: string;
  /** The database address (never a password). */
  readonly address: string;
  /** The SQLSTATE or socket code of the cause, when it had one. */
  readonly causeCode?: string;
  /** True when the connection failed rather than the statement. */
  readonly connectionLost: boolean;

  constructor(operation: string, address: string, cause: unknown, at: ConfigLocation = {}) {
    const root = rootCause(cause);
    const reason = reasonOf(root);
    const lost = isConnectionError(root);
    super(`postgres driver: ${operation} failed on ${address}${lost ? ' (connection lost or refused)' : ''}: ${reason}`, at, { cause: root });
    this.operation = operation;
    this.address = address;
    const code = (root as { code?: unknown } | undefined)?.code;
    this.causeCode = typeof code === 'string' ? code : undefined;
    this.connectionLost = lost;
  }
}
