/**
 * Snowflakes shaped like Discord's: `(ms since 2015-01-01) << 22 | worker << 17 | process << 12 | increment`.
 * Real timestamps matter because shard routing uses `(guild_id >> 22) % shard_count`.
 */
export const DISCORD_EPOCH = 1420070400000n;

/** Builds a snowflake for the given time (ms since the Unix epoch) and low bits. */
export function snowflakeAt(unixMs: number, increment = 0, worker = 1, processId = 0): string {
  const ts = BigInt(Math.floor(unixMs)) - DISCORD_EPOCH;
  if (ts < 0n) throw new RangeError(`snowflakeAt: time ${unixMs} is before the Discord epoch`);
  return ((ts << 22n) | (BigInt(worker & 31) << 17n) | (BigInt(processId & 31) << 12n) | BigInt(increment & 4095)).toString();
}

/** The Unix time (ms) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** The shard that owns a guild, by Discord's formula `(guild_id >> 22) % shard_count`. */
export function shardForGuild(guildId: string, shardCount: number): number {
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`shardForGuild: shard count must be a positive integer, got ${shardCount}`);
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * Hands out unique, increasing snowflakes. Ids never repeat even when many are made in one millisecond:
 * the increment wraps into the next millisecond, as a real worker would wait for it.
 */
export class SnowflakeGenerator {
  #lastMs = 0;
  #increment = 0;

  /** The next id. */
  next(): string {
    const now = Date.now();
    if (now > this.#lastMs) {
      this.#lastMs = now;
      this.#increment = 0;
    } else if (++this.#increment > 4095) {
      this.#lastMs += 1;
      this.#increment = 0;
    }
    return snowflakeAt(this.#lastMs, this.#increment);
  }

  /** The next id whose guild shard is `shardId` under `shardCount` shards (for placing guilds on shards). */
  nextOnShard(shardId: number, shardCount: number): string {
    if (!Number.isInteger(shardId) || shardId < 0 || shardId >= shardCount) {
      throw new RangeError(`nextOnShard: shard ${shardId} does not exist when there are ${shardCount} shard(s)`);
    }
    const now = Math.max(Date.now(), this.#lastMs + 1);
    const base = now - (Number(BigInt(now) - DISCORD_EPOCH) % shardCount);
    // Walk forward to the first millisecond at or after `now` that lands on the shard.
    let ms = base + shardId;
    if (ms < now) ms += shardCount;
    this.#lastMs = ms;
    this.#increment = 0;
    return snowflakeAt(ms, 0);
  }
}
