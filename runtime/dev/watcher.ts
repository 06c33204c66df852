/**
 * `npm run dev`: watches `cogs/` while the bot runs and keeps it up to date, one cog at a time.
 *
 * - A manifest change (`cog.yaml`, `cog.ts`) regenerates the project, then reloads that cog.
 * - Any other change in the cog's folder (handlers, its own modules) type-checks the cog, then reloads it.
 * - A broken change keeps the running version and prints what is wrong where: `file:line:col message` for a
 *   manifest, the TypeScript error (`file:line:col TSnnnn message`) for code, the phase and cause for a
 *   reload that failed (its setup threw, say).
 * - A cog that is not loaded is regenerated and checked, and the message says how to load it.
 * - A save never writes a migration that deletes stored values: editors save half-done edits (a config
 *   group cut in one save, pasted under a new name with `renamedFrom` in the next), and a drop written
 *   and applied for the first save would delete every guild's values before the second says where they
 *   went. Such a change is reported like a manifest error (nothing is written, the running version is
 *   kept) until the edit is finished, or `npm run generate` writes the migration on purpose.
 *
 * Changes are debounced per cog (editors write files in several steps) and handled one cog at a time, in
 * order. The reload itself is the bot's atomic reload (runtime/cogs/reloading.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, sep } from 'node:path';
import type { Bot } from '../bot.js';
import { formatProblem, type SourceProblem } from '../support/yaml-source.js';
import type { Logger } from '../logging.js';
import { CogTypeChecker } from './typecheck.js';

/**
 * Runs the generator on the project (the real one is generator/generate.ts). The watcher always passes
 * `destructive: false`: a save never writes a migration that deletes stored values.
 */
export type Generate = (root: string, options: { destructive: false }) => Promise<{ ok: boolean; errors: SourceProblem[]; written: string[] }>;

export interface DevWatcherOptions {
  root: string;
  bot: Bot;
  logger: Logger;
  generate: Generate;
  /** How long to wait for a burst of writes to end, in ms. Default 150. */
  debounceMs?: number;
}

/** What one handled change came to (for tests and the log). */
export type DevOutcome =
  | { cog: string; result: 'reloaded'; version: number }
  | { cog: string; result: 'generated'; loaded: false }
  | { cog: string; result: 'manifest-errors'; problems: string[] }
  | { cog: string; result: 'type-errors'; problems: string[] }
  | { cog: string; result: 'reload-failed'; error: string };

const MANIFEST = /^cog\.(ya?ml|ts)$/;

export class DevWatcher {
  private watcher: FSWatcher | undefined;
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; manifest: boolean }>();
  private queue: Promise<void> = Promise.resolve();
  private readonly checker: CogTypeChecker;
  private readonly listeners = new Set<(outcome: DevOutcome) => void>();
  /** The content of each cog's folder when it was last handled. */
  private readonly handled = new Map<string, string>();

  constructor(private readonly options: DevWatcherOptions) {
    this.checker = new CogTypeChecker(options.root);
  }

  /** Starts watching; the first type-check (slow) warms up in the background. */
  start(): void {
    const cogs = join(this.options.root, 'cogs');
    for (const name of existsSync(cogs) ? readdirSync(cogs) : []) this.handled.set(name, folderFingerprint(join(cogs, name)));
    this.watcher = watch(cogs, { recursive: true }, (_event, file) => {
      if (typeof file !== 'string') return;
      const [cog, ...rest] = file.split(sep);
      if (!cog || rest.length === 0) return;
      this.changed(cog, MANIFEST.test(rest.join('/')));
    });
    this.watcher.on('error', (error) => this.options.logger.error('Watching cogs/ failed', { error }));
    const first = this.options.bot.cogs.names()[0];
    // Warms the checker up (the first check builds the program) while nothing is waiting for it.
    if (first) this.checker.check(first).catch(() => undefined);
    this.options.logger.info('Watching cogs/: a saved manifest regenerates and reloads its cog, saved code reloads it (a broken change keeps the running version).');
  }

  /** Calls `listener` with the outcome of each handled change; returns a function that removes it. */
  onOutcome(listener: (outcome: DevOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops watching; changes already queued are still handled. */
  async stop(): Promise<void> {
    this.watcher?.close();
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    await this.queue;
    await this.checker.close();
  }

  /** A file of `cog` changed (`manifest`: its manifest): handle it once the burst of writes is over. */
  changed(cog: string, manifest: boolean): void {
    const before = this.pending.get(cog);
    if (before) clearTimeout(before.timer);
    const timer = setTimeout(() => {
      this.pending.delete(cog);
      this.queue = this.queue.then(() => this.handle(cog, manifest || (before?.manifest ?? false)));
    }, this.options.debounceMs ?? 150);
    this.pending.set(cog, { timer, manifest: manifest || (before?.manifest ?? false) });
  }

  private async handle(cog: string, manifest: boolean): Promise<void> {
    // Editors and file systems report one save several times, and some saves change nothing: skip those.
    const folder = join(this.options.root, 'cogs', cog);
    const fingerprint = folderFingerprint(folder);
    if (this.handled.get(cog) === fingerprint) return;
    this.handled.set(cog, fingerprint);
    const outcome = await this.apply(cog, manifest).catch((error: unknown): DevOutcome => ({ cog, result: 'reload-failed', error: (error as Error).message }));
    this.report(outcome);
    for (const listener of this.listeners) listener(outcome);
  }

  private async apply(cog: string, manifest: boolean): Promise<DevOutcome> {
    const { bot, root } = this.options;
    if (manifest) {
      const result = await this.options.generate(root, { destructive: false });
      if (!result.ok) return { cog, result: 'manifest-errors', problems: result.errors.map(formatProblem) };
      // Stubs generate added to the cog's handlers are not another save to handle.
      if (result.written.some((path) => path.startsWith(`cogs/${cog}/`))) this.handled.set(cog, folderFingerprint(join(root, 'cogs', cog)));
    }
    const problems = await this.checker.check(cog);
    if (problems.length > 0) return { cog, result: 'type-errors', problems };
    if (!bot.cogs.has(cog)) {
      await bot.cogs.discover();
      return { cog, result: 'generated', loaded: false };
    }
    try {
      const { cog: live } = await bot.reloadCog(cog);
      return { cog, result: 'reloaded', version: live.version };
    } catch (error) {
      return { cog, result: 'reload-failed', error: (error as Error).message };
    }
  }

  private report(outcome: DevOutcome): void {
    const { logger } = this.options;
    const kept = 'the running version is kept';
    switch (outcome.result) {
      case 'reloaded':
        return logger.info(`Reloaded cog ${outcome.cog} (version ${outcome.version}).`);
      case 'generated':
        return logger.info(`Cog ${outcome.cog} is generated and compiles; it is not loaded: type !load ${outcome.cog} to load it.`);
      case 'manifest-errors':
        return logger.error(`The manifest of cog ${outcome.cog} has problems (nothing was written; ${kept}):\n${outcome.problems.join('\n')}`);
      case 'type-errors':
        return logger.error(`Cog ${outcome.cog} does not compile (${kept}):\n${outcome.problems.join('\n')}`);
      case 'reload-failed':
        return logger.error(`Reloading cog ${outcome.cog} failed (${kept}): ${outcome.error}`);
    }
  }
}

/** A hash of every file under `folder` (paths and contents); changes whenever a save changed something. */
function folderFingerprint(folder: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(folder);
  return hash.digest('hex');
}
