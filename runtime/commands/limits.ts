/**
 * The gate every command run passes: max concurrency first (a slot is held until the handler returns),
 * then the cooldown. Owners skip cooldowns when the instance says so (never concurrency, which protects
 * resources rather than people); who is an owner is asked of the bot's owner directory, the same answer
 * privileges get (configured owners and the application's owner). A refusal carries the message the user sees; a cooldown's names the
 * time to retry as a Discord relative timestamp (`<t:UNIX:R>`), which every client shows in its own zone.
 *
 * Where the counts live: when the storage driver offers SharedLimits (postgres), in the database, so every
 * process on it sees one truth (a user cannot run a command once per process); else in this process
 * (CooldownStore, ConcurrencyStore). When the database fails during a take, the command is not run
 * (fail closed): a cooldown or a limit guards something (credits, an expensive call), and letting every
 * run through while it cannot be checked would hand out exactly what it guards. The user is told it could
 * not be checked, and the error is logged.
 */
import type { CommandSpec } from '../contract/spec.js';
import { bucketKey, bucketPhrase, type BucketSource } from './buckets.js';
import { systemClock, type Clock } from './clock.js';
import { ConcurrencyStore, type Release } from './concurrency.js';
import { CooldownStore, type CooldownResult } from './cooldowns.js';
import type { SharedLimits } from '../drivers/types.js';
import type { Logger } from '../logging.js';
import { SharedSlots } from './shared-slots.js';

export interface CommandLimitsOptions {
  clock?: Clock;
  /** Whether a user is a bot owner (the Bot asks its Privileges); without it nobody is. */
  isOwner?(userId: string): boolean | Promise<boolean>;
  /** Owners are not held by cooldowns. Default false. */
  ownersBypass?: boolean;
  /** Cooldowns and slots shared across processes (the driver's, once storage is open); without it they stay in process. */
  shared?(): SharedLimits | undefined;
  /** Where failures of the shared store are logged. */
  logger?: Logger;
}

/** The outcome of `enter`: go ahead (and call `release` when done), or the refusal to show. */
export type Admission =
  | { admitted: true; release: Release }
  | { admitted: false; reason: 'cooldown' | 'concurrency' | 'unavailable'; message: string; retryAt?: number };

const NOTHING: Release = () => undefined;

/** A Discord relative timestamp, e.g. `<t:1700000000:R>` ("in 10 seconds"), rounded up to the second. */
export function relativeTimestamp(ms: number): string {
  return `<t:${Math.ceil(ms / 1000)}:R>`;
}

export class CommandLimits {
  readonly clock: Clock;
  /** The in-process stores, used when the storage offers no SharedLimits (memory, json). */
  readonly cooldowns: CooldownStore;
  readonly concurrency = new ConcurrencyStore();
  private readonly isOwner: (userId: string) => boolean | Promise<boolean>;
  private readonly ownersBypass: boolean;
  private readonly shared: () => SharedLimits | undefined;
  private readonly logger: Logger | undefined;
  private slots: { shared: SharedLimits; slots: SharedSlots } | undefined;

  constructor(options: CommandLimitsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.cooldowns = new CooldownStore(this.clock);
    this.isOwner = options.isOwner ?? (() => false);
    this.ownersBypass = options.ownersBypass ?? false;
    this.shared = options.shared ?? (() => undefined);
    this.logger = options.logger;
  }

  private takeCooldown(key: string, rate: number, perMs: number): CooldownResult | Promise<CooldownResult> {
    const shared = this.shared();
    if (!shared) return this.cooldowns.take(key, rate, perMs);
    const now = this.clock.now();
    return shared.takeWindow(key, rate, perMs, now).then((r) => (r.ok ? r : { ok: false, retryAt: r.retryAt, retryAfterMs: r.retryAt - now }));
  }

  private acquireSlot(key: string, limit: number, wait: boolean): Release | Promise<Release | null> | null {
    const shared = this.shared();
    if (!shared) return this.concurrency.acquire(key, limit, wait);
    if (this.slots?.shared !== shared) {
      const slots = new SharedSlots(shared, (k, error) => this.logger?.warn(`Could not free the max-concurrency slot of ${k} (its lease lapses by itself)`, { error }));
      this.slots = { shared, slots };
    }
    return this.slots.slots.acquire(key, limit, wait);
  }

  /** The refusal when the shared store failed: the command does not run (fail closed, see the file header). */
  private unavailable(command: CommandSpec, what: string, error: unknown): Admission {
    this.logger?.error(`The ${what} of \`${command.path.join(' ')}\` could not be checked; the command was not run`, { error });
    return {
      admitted: false,
      reason: 'unavailable',
      message: `\`${command.path.join(' ')}\` cannot run right now: its ${what} could not be checked (the bot's storage did not answer). Try again in a moment.`,
    };
  }

  /** Admits a run of `command` of cog `cog` (waiting for a slot when its limit says `wait`), or refuses it. */
  async enter(cog: string, command: CommandSpec, source: BucketSource): Promise<Admission> {
    const { cooldown, maxConcurrency } = command;
    if (!cooldown && !maxConcurrency) return { admitted: true, release: NOTHING };
    const name = `${cog}/${command.path.join(' ')}`;
    const inGuild = source.guild !== null;
    let release = NOTHING;
    if (maxConcurrency) {
      let got: Release | null;
      try {
        got = await this.acquireSlot(`${name}|${bucketKey(maxConcurrency.bucket, source)}`, maxConcurrency.limit, maxConcurrency.wait);
      } catch (error) {
        return this.unavailable(command, 'max concurrency', error);
      }
      if (got === null) {
        const runs = maxConcurrency.limit === 1 ? 'one run' : `${maxConcurrency.limit} runs`;
        return {
          admitted: false,
          reason: 'concurrency',
          message: `\`${command.path.join(' ')}\` is already running ${bucketPhrase(maxConcurrency.bucket, inGuild)} (at most ${runs} at a time). Try again when it has finished.`,
        };
      }
      release = got;
    }
    if (cooldown && !(this.ownersBypass && (await this.isOwner(source.author.id)))) {
      let result: CooldownResult;
      try {
        result = await this.takeCooldown(`${name}|${bucketKey(cooldown.bucket, source)}`, cooldown.rate, cooldown.perMs);
      } catch (error) {
        release();
        return this.unavailable(command, 'cooldown', error);
      }
      if (!result.ok) {
        release();
        return {
          admitted: false,
          reason: 'cooldown',
          retryAt: result.retryAt,
          message: `\`${command.path.join(' ')}\` is on cooldown ${bucketPhrase(cooldown.bucket, inGuild)}. Try again ${relativeTimestamp(result.retryAt)}.`,
        };
      }
    }
    return { admitted: true, release };
  }
}
