/**
 * Deciding what to send: a pure function from what should be on Discord and what was last sent to the
 * list of bulk overwrites to make. Kept apart from any I/O so every case is a unit test.
 */
import { commandsForScope, guildScope, slashCommandsHash, type SlashCommandBody, type SyncScope } from './snapshot.js';
import type { SyncRecord } from './store.js';

/** `global`: commands everywhere (they take a while to appear); `dev`: guild commands in the listed guilds (instant). */
export type SyncMode = 'global' | 'dev';

export interface SyncModeOptions {
  syncMode: SyncMode;
  /** Guild ids; used in dev mode. */
  devGuilds: readonly string[];
}

/** One scope the current mode manages and the body it should hold. */
export interface DesiredScope {
  scope: SyncScope;
  commands: SlashCommandBody[];
}

/** What to do with one scope. */
export type SyncStep =
  | { scope: SyncScope; action: 'unchanged'; hash: string; count: number }
  | { scope: SyncScope; action: 'overwrite'; hash: string; commands: SlashCommandBody[] }
  /** A scope of the other mode (or a guild no longer listed) that we filled before: emptied once, then forgotten. */
  | { scope: SyncScope; action: 'clear'; commands: [] };

/** The scopes a mode manages: global alone, or each development guild (global is then not ours to fill). */
export function desiredScopes(commands: readonly SlashCommandBody[], mode: SyncModeOptions): DesiredScope[] {
  if (mode.syncMode === 'global') return [{ scope: 'global', commands: commandsForScope(commands, 'global') }];
  const guildBody = commandsForScope(commands, 'guild');
  return [...new Set(mode.devGuilds)].map((id) => ({ scope: guildScope(id), commands: guildBody }));
}

/**
 * One step per scope: a managed scope is overwritten when its hash differs from the record (no record
 * counts as different, since what Discord holds is then unknown); a scope that is not managed but has a
 * record is cleared once. With `force`, every managed scope is overwritten.
 */
export function planSlashSync(desired: readonly DesiredScope[], recorded: ReadonlyMap<SyncScope, SyncRecord>, options: { force?: boolean } = {}): SyncStep[] {
  const steps: SyncStep[] = [];
  const managed = new Set<SyncScope>();
  for (const { scope, commands } of desired) {
    managed.add(scope);
    const hash = slashCommandsHash(commands);
    if (!options.force && recorded.get(scope)?.hash === hash) steps.push({ scope, action: 'unchanged', hash, count: commands.length });
    else steps.push({ scope, action: 'overwrite', hash, commands });
  }
  for (const scope of recorded.keys()) {
    if (!managed.has(scope)) steps.push({ scope, action: 'clear', commands: [] });
  }
  return steps;
}
