/**
 * A shard's "connect": it started a new gateway session (the gateway's READY arrived: it identified, and
 * its guilds are still to come; discord.js's `shardReady` follows once they are in). discord.js has no
 * client event for it, so it is read from the raw READY dispatch, which the Client emits per shard.
 * A resumed session is not a connect (that is `shardResume`).
 */
import { Events, type Client } from 'discord.js';

/** Calls `listener` with the shard id and the number of guilds READY names, each time a shard connects. */
export function onShardConnect(client: Client, listener: (shardId: number, guilds: number) => void): () => void {
  const raw = (packet: { t?: unknown; d?: { guilds?: unknown } } | null, shardId: number) => {
    if (packet?.t !== 'READY') return;
    listener(shardId, Array.isArray(packet.d?.guilds) ? packet.d.guilds.length : 0);
  };
  client.on(Events.Raw as never, raw as never);
  return () => void client.off(Events.Raw as never, raw as never);
}
