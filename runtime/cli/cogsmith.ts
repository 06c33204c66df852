/**
 * The `cogsmith` command (bin/cogsmith.mjs runs it through runtime/host/launch.mjs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT_CODES } from '../core/exit-codes.js';
import type { EntryContext } from './start.js';

/** The project's folder (the package root): its generated registry, cogs/ and bot.config.yaml. */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export function buildProgram(context: EntryContext): Command {
  const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const program = new Command('cogsmith').description('Set up, run and look after Cogsmith bot instances.').version(version, '-V, --version');
  program.exitOverride();
  void context;
  return program;
}

export async function main(argv: readonly string[], context: EntryContext = {}): Promise<void> {
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : EXIT_CODES.usage);
    throw error;
  }
}
