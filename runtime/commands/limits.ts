/**
 * The gate every command run passes: max concurrency first (a slot is held until the handler returns),
 * then the cooldown. Owners skip cooldowns when the instance says so (never concurrency, which protects
 * resources rather than people); who is an owner is asked of the bot's owner directory, the same answer
 * privileges get (configured owners and the application's owner). A refusal carries the message the user sees; a cooldown's names the
 * time to retry as a Discord relative timestamp (`<t:UNIX:R>`), which every client shows in its own zone.
 */
import type { CommandSpec } from '../contract/spec.js';
import { bucketKey, bucketPhrase, type BucketSource } from './buckets.js';
import { systemClock, type Clock } from './clock.js';
import { ConcurrencyStore, type Release } from './concurrency.js';
import { CooldownStore } from './cooldowns.js';

export interface CommandLimitsOptions {
  clock?: Clock;
  /** Whether a user is a bot owner (the Bot asks its Privileges); without it nobody is. */
  isOwner?(userId: string): boolean | Promise<boolean>;
  /** Owners are not held by cooldowns. Default false. */
  ownersBypass?: boolean;
}

/** The outcome of `enter`: go ahead (and call `release` when done), or the refusal to show. */
export type Admission =
  | { admitted: true; release: Release }
  | { admitted: false; reason: 'cooldown' | 'concurrency'; message: string; retryAt?: number };

const NOTHING: Release = () => undefined;

/** A Discord relative timestamp, e.g. `<t:1700000000:R>` ("in 10 seconds"), rounded up to the second. */
export function relativeTimestamp(ms: number): string {
  return `<t:${Math.ceil(ms / 1000)}:R>`;
}

export class CommandLimits {
  readonly clock: Clock;
  readonly cooldowns: CooldownStore;
  readonly concurrency = new ConcurrencyStore();
  private readonly isOwner: (userId: string) => boolean | Promise<boolean>;
  private readonly ownersBypass: boolean;

  constructor(options: CommandLimitsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.cooldowns = new CooldownStore(this.clock);
    this.isOwner = options.isOwner ?? (() => false);
    this.ownersBypass = options.ownersBypass ?? false;
  }

  /** Admits a run of `command` of cog `cog` (waiting for a slot when its limit says `wait`), or refuses it. */
  async enter(cog: string, command: CommandSpec, source: BucketSource): Promise<Admission> {
    const { cooldown, maxConcurrency } = command;
    if (!cooldown && !maxConcurrency) return { admitted: true, release: NOTHING };
    const name = `${cog}/${command.path.join(' ')}`;
    const inGuild = source.guild !== null;
    let release = NOTHING;
    if (maxConcurrency) {
      const got = this.concurrency.acquire(`${name}|${bucketKey(maxConcurrency.bucket, source)}`, maxConcurrency.limit, maxConcurrency.wait);
      if (got === null) {
        const runs = maxConcurrency.limit === 1 ? 'one run' : `${maxConcurrency.limit} runs`;
        return {
          admitted: false,
          reason: 'concurrency',
          message: `\`${command.path.join(' ')}\` is already running ${bucketPhrase(maxConcurrency.bucket, inGuild)} (at most ${runs} at a time). Try again when it has finished.`,
        };
      }
      release = await got;
    }
    if (cooldown && !(this.ownersBypass && (await this.isOwner(source.author.id)))) {
      const result = this.cooldowns.take(`${name}|${bucketKey(cooldown.bucket, source)}`, cooldown.rate, cooldown.perMs);
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
