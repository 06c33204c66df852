/**
 * What gets synced, and its fingerprint. The one place that turns cogs' slash commands into the body of a
 * bulk overwrite per scope and hashes it; both `generate` (generated/commands.json) and the runtime (at
 * start, and on cog load/unload) call these functions, so a hash in the snapshot and a hash the runtime
 * computes for the same cogs are equal by construction.
 *
 * Decision (documented in runtime/README.md, "Slash sync"): `generate` only knows manifests, while the
 * scopes to sync (global, or the development guilds in `discord.syncMode: dev`) and the set of loaded cogs
 * come from the instance at run time. So the snapshot holds every cog's commands in both scope shapes
 * (global, and guild — the body each development guild receives), each with its hash; the runtime derives
 * the body for each scope from the cogs it actually loaded with these same functions, and compares that
 * hash with what it last synced (kept in Config, see store.ts). With every cog loaded, the runtime's
 * hashes equal the snapshot's.
 */
import { createHash } from 'node:crypto';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { canonicalJson } from '../../support/canonical-json.js';

export type SlashCommandBody = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Where commands live on Discord: the application's global commands, or one guild's. */
export type SyncScope = 'global' | `guild:${string}`;

/** The two shapes a body can take: guild commands carry no global-only fields. */
export type ScopeKind = 'global' | 'guild';

/** A cog's name and its generated slash commands (a CogSpec is one). */
export interface SlashCommandSource {
  name: string;
  slashCommands: readonly SlashCommandBody[];
}

// Fields Discord accepts only on global commands (guild command bodies omit them).
const GLOBAL_ONLY_FIELDS = ['contexts', 'dm_permission', 'integration_types'] as const;

/** The scope key of one guild. */
export function guildScope(guildId: string): SyncScope {
  return `guild:${guildId}`;
}

/** The guild id of a guild scope, or null for the global scope. */
export function scopeGuildId(scope: SyncScope): string | null {
  return scope === 'global' ? null : scope.slice('guild:'.length);
}

/** Every cog's commands in one list: cogs by name, each cog's commands in manifest order (load order does not matter). */
export function composeSlashCommands(cogs: readonly SlashCommandSource[]): SlashCommandBody[] {
  return [...cogs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).flatMap((cog) => cog.slashCommands);
}

/** The body for one kind of scope: guild commands drop `contexts`, `dm_permission` and `integration_types`. */
export function commandsForScope(commands: readonly SlashCommandBody[], kind: ScopeKind): SlashCommandBody[] {
  if (kind === 'global') return [...commands];
  return commands.map((command) => {
    const copy: Record<string, unknown> = { ...command };
    for (const field of GLOBAL_ONLY_FIELDS) delete copy[field];
    return copy as unknown as SlashCommandBody;
  });
}

/** JSON with object keys sorted at every depth, so equal bodies always print (and hash) alike. */
export { canonicalJson };

/** The fingerprint of a bulk-overwrite body: `sha256:` and the hex digest of its canonical JSON. */
export function slashCommandsHash(commands: readonly SlashCommandBody[]): string {
  return `sha256:${createHash('sha256').update(canonicalJson(commands)).digest('hex')}`;
}

/** One scope kind's body and hash in the snapshot. */
export interface SnapshotScope {
  hash: string;
  commands: SlashCommandBody[];
}

/** What generate writes to generated/commands.json. */
export interface CommandsSnapshot {
  /** Bumped if the hashing or the body shape ever changes (every stored hash then differs once). */
  version: 1;
  /** The cogs whose commands are in it, by name. */
  cogs: string[];
  /** The global command set; synced as is in `syncMode: global`. */
  global: SnapshotScope;
  /** The body each development guild receives in `syncMode: dev`. */
  guild: SnapshotScope;
}

/** The snapshot of a set of cogs (all of them, for generate). */
export function buildCommandsSnapshot(cogs: readonly SlashCommandSource[]): CommandsSnapshot {
  const all = composeSlashCommands(cogs);
  const scope = (kind: ScopeKind): SnapshotScope => {
    const commands = commandsForScope(all, kind);
    return { hash: slashCommandsHash(commands), commands };
  };
  return { version: 1, cogs: cogs.map((c) => c.name).sort(), global: scope('global'), guild: scope('guild') };
}
