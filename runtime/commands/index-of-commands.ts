/**
 * The commands of every loaded cog, indexed for the two routes: text (top-level names and aliases, then
 * subcommands by words) and slash (the full path). Name clashes between cogs are refused at load time.
 */
import type { CommandSpec } from '../cogs/spec.js';
import type { ArgumentReader } from './tokenizer.js';

/** One command together with the cog that owns it. */
export interface CommandEntry {
  cog: string;
  command: CommandSpec;
}

/** Thrown when a cog would take a command name another cog already has. */
export class CommandConflictError extends Error {
  override readonly name = 'CommandConflictError';
}

const usableAsText = (c: CommandSpec) => c.kind !== 'slash';
const usableAsSlash = (c: CommandSpec) => c.kind !== 'text';

function* walk(command: CommandSpec): Generator<CommandSpec> {
  yield command;
  for (const sub of command.subcommands) yield* walk(sub);
}

/** What a text invocation resolved to. */
export interface TextResolution extends CommandEntry {
  /** The words typed to reach the command, e.g. `set prefix`. */
  invokedAs: string;
}

export class CommandIndex {
  private readonly text = new Map<string, CommandEntry>();
  private readonly slash = new Map<string, CommandEntry>();
  private readonly byCog = new Map<string, CommandSpec[]>();

  /** Adds a cog's commands, or throws without adding any when a name is already taken. */
  add(cog: string, commands: readonly CommandSpec[]): void {
    if (this.byCog.has(cog)) throw new CommandConflictError(`Cog ${cog} is already registered.`);
    const textKeys: string[] = [];
    const slashKeys: string[] = [];
    for (const command of commands) {
      if (usableAsText(command)) {
        for (const key of [command.name, ...command.aliases].map((k) => k.toLowerCase())) {
          const other = this.text.get(key) ?? (textKeys.includes(key) ? { cog } : undefined);
          if (other) throw new CommandConflictError(`Cog ${cog}: the text command name \`${key}\` is already used by cog ${other.cog}.`);
          textKeys.push(key);
        }
      }
      if (usableAsSlash(command)) {
        for (const node of walk(command)) {
          if (!usableAsSlash(node)) continue;
          const key = node.path.join(' ');
          const other = this.slash.get(key) ?? (slashKeys.includes(key) ? { cog } : undefined);
          if (other) throw new CommandConflictError(`Cog ${cog}: the slash command \`/${key}\` is already used by cog ${other.cog}.`);
          slashKeys.push(key);
        }
      }
    }
    for (const command of commands) {
      if (usableAsText(command)) for (const key of [command.name, ...command.aliases]) this.text.set(key.toLowerCase(), { cog, command });
      if (usableAsSlash(command)) for (const node of walk(command)) if (usableAsSlash(node)) this.slash.set(node.path.join(' '), { cog, command: node });
    }
    this.byCog.set(cog, [...commands]);
  }

  /** Removes every command of `cog`. */
  remove(cog: string): void {
    for (const map of [this.text, this.slash]) for (const [key, entry] of map) if (entry.cog === cog) map.delete(key);
    this.byCog.delete(cog);
  }

  /** The top-level commands of every cog, by cog. */
  cogs(): ReadonlyMap<string, readonly CommandSpec[]> {
    return this.byCog;
  }

  /** Finds a slash command by its path (`['settings', 'prefix']`). */
  findSlash(path: readonly string[]): CommandEntry | undefined {
    return this.slash.get(path.join(' '));
  }

  /** Reads the command name and subcommand words from `reader`; null when no text command matches. */
  resolveText(reader: ArgumentReader): TextResolution | null {
    const first = reader.next();
    if (!first || first.quoted) return null;
    const entry = this.text.get(first.value.toLowerCase());
    if (!entry) return null;
    let command = entry.command;
    const words = [first.value];
    for (;;) {
      if (command.subcommands.length === 0) break;
      let peeked;
      try {
        peeked = reader.peek();
      } catch {
        break; // a malformed argument is reported by option parsing, not here
      }
      if (!peeked || peeked.quoted) break;
      const key = peeked.value.toLowerCase();
      const sub = command.subcommands.find((s) => usableAsText(s) && (s.name.toLowerCase() === key || s.aliases.some((a) => a.toLowerCase() === key)));
      if (!sub) break;
      reader.next();
      words.push(peeked.value);
      command = sub;
    }
    return { cog: entry.cog, command, invokedAs: words.join(' ') };
  }
}
