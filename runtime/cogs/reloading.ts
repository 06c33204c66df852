/**
 * Reloading a cog atomically. The new version is imported, checked against its spec and set up beside the
 * old one (which is told nothing but `handOver`, and keeps serving); then, in one synchronous step, the
 * new version's declared commands and listeners replace the old ones; then the new version's onLoad runs.
 * Only once that succeeded is the old version torn down (its tasks stopped, onUnload with reason
 * `reload`) and the new version's tasks started. A failure at any step before that leaves the old version
 * running exactly as it was (commands, listeners, run-time commands, tasks, registered Config defaults)
 * and throws a CogLoadError naming the phase.
 *
 * Commands in flight finish on the version they started on (the dispatcher holds it); a message that
 * arrives during the reload finds either the old or the new version, never neither.
 */
import type { CommandIndex } from '../commands/index-of-commands.js';
import type { Logger } from '../logging.js';
import { CogLoadError, messageOf } from './errors.js';
import type { CogRegistryEntry, LoadedCog, UnloadReason } from './module.js';
import type { CogVersion } from './version.js';

/** What a reload did. */
export interface ReloadOutcome {
  /** The version now live. */
  cog: LoadedCog;
  /** The version it replaced (null when the cog was not loaded and a reload loaded it). */
  previous: LoadedCog | null;
  /** True when the cog's slash commands differ from the previous version's (a sync is needed). */
  slashChanged: boolean;
  /** False when the bot's code source cannot re-import code (a registry given in code). */
  codeReloaded: boolean;
}

export interface BuildExtras {
  /** Runs after the new code was imported and checked, before its setup: returns what to hand over. */
  prepare(): Promise<{ handedOver: unknown }>;
  inheritedCommands: Iterable<string>;
  /** Called when the build applied config migrations to the stored data (the cog manager then unloads the old version if the reload fails). */
  onMigrated?(): void;
}

export interface ReloadDeps {
  old: CogVersion;
  entry: CogRegistryEntry;
  build(entry: CogRegistryEntry, extras: BuildExtras): Promise<CogVersion>;
  hook(version: CogVersion, hook: 'onLoad' | 'onUnload' | 'handOver', info?: { reason: UnloadReason }): Promise<unknown>;
  /** Replaces the cog's Config registrations with the new spec's; returns the undo. */
  reregister(version: CogVersion, entry: CogRegistryEntry): () => void;
  index: CommandIndex;
  /** Makes `version` the one the dispatcher finds. */
  install(version: CogVersion): void;
  /** Stops the old version for good (tasks, onUnload with reason reload). */
  teardown(version: CogVersion): Promise<void>;
  logger: Logger;
}

const slashJson = (cog: LoadedCog) => JSON.stringify(cog.spec.slashCommands);

export async function reloadCog(deps: ReloadDeps): Promise<Omit<ReloadOutcome, 'codeReloaded'>> {
  const { old, entry, index, logger } = deps;
  const name = old.name;
  let undoRegistration: (() => void) | undefined;
  const keptEntries = index.runtimeEntriesOf(name);
  const next = await deps
    .build(entry, {
      prepare: async () => {
        const handedOver = await deps.hook(old, 'handOver');
        undoRegistration = deps.reregister(old, entry);
        return { handedOver };
      },
      inheritedCommands: old.commands.names(),
    })
    .catch((error) => {
      undoRegistration?.();
      throw error;
    });
  const abandon = async (error: unknown) => {
    undoRegistration?.();
    await deps.hook(next, 'onUnload', { reason: 'unload' }).catch((e) => logger.error(`Cog ${name}: onUnload of the failed new version failed`, { error: e }));
    next.retire(`The reload of cog ${name} failed.`);
    throw error;
  };

  // The swap: synchronous, so every event finds one version or the other.
  try {
    index.replaceDeclared(name, next.spec.commands);
  } catch (error) {
    return abandon(new CogLoadError(name, `Cog "${name}": its new commands cannot be registered: ${messageOf(error)}`, { cause: error, phase: 'swap' }));
  }
  old.listeners.detach();
  next.listeners.attach();
  deps.install(next);

  try {
    await deps.hook(next, 'onLoad');
  } catch (error) {
    // Swap back, as synchronously.
    next.listeners.detach();
    next.commands.rollBack();
    index.replaceDeclared(name, old.spec.commands);
    for (const kept of keptEntries) if (!index.has(kept.command.name) && kept.handlers) index.addCommand(name, kept.command, kept.handlers);
    old.listeners.attach();
    deps.install(old);
    return abandon(error);
  }

  next.commands.dropInherited();
  await deps.teardown(old).catch((error) => logger.error(`Cog ${name}: tearing down the previous version failed (the new one is live)`, { error }));
  next.tasks.start();
  logger.info(`Reloaded cog ${name} (version ${next.version})`);
  return { cog: next, previous: old, slashChanged: slashJson(old) !== slashJson(next) };
}
