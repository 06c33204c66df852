/**
 * The commands of every loaded cog, indexed for the two routes: text (top-level names and aliases, then
 * subcommands by words) and slash (the full path). Name clashes between cogs are refused at load time.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandSpec } from '../contract/spec.js';
import { DisabledCommands, pathKey, type DisableOptions } from './disabled.js';
import type { RunnableHandler } from './invoke.js';
import type { ArgumentReader } from './tokenizer.js';

/** One command together with the cog that owns it. */
export interface CommandEntry {
  cog: string;
  command: CommandSpec;
  /** Handlers by handler key, for a command added at run time (manifest commands use the cog's own). */
  handlers?: Readonly<Record<string, RunnableHandler>>;
}

type SlashBody = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** What changed at run time in one cog's slash commands (for slash sync). */
interface RuntimeSlashChanges {
  added: Map<string, SlashBody>;
  removed: Set<string>;
}

/** Thrown when a cog would take a command name another cog already has. */
export class CommandConflictError extends CogsmithError {
  static override readonly code: ErrorCode = 'COMMAND_CONFLICT';
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
  private text = new Map<string, CommandEntry>();
  private slash = new Map<string, CommandEntry>();
  private readonly byCog = new Map<string, CommandSpec[]>();
  /** Top-level commands added at run time (the others came from their cog's spec). */
  private readonly runtimeAdded = new WeakSet<CommandSpec>();
  private readonly slashChanges = new Map<string, RuntimeSlashChanges>();
  /** Commands turned off at run time (the core cog persists them); see disable()/enable(). */
  readonly disabled = new DisabledCommands();

  /** Adds a cog's commands, or throws without adding any when a name is already taken. */
  add(cog: string, commands: readonly CommandSpec[]): void {
    if (this.byCog.has(cog)) throw new CommandConflictError(`Cog ${cog} is already registered.`);
    this.register(cog, commands);
    this.byCog.set(cog, [...commands]);
  }

  /**
   * Swaps a registered cog's declared commands for `commands` (a reload) in one step, keeping the commands
   * added at run time unless a new declared one takes their name (those are dropped and returned). Throws
   * without changing anything when a name is taken by another cog.
   */
  replaceDeclared(cog: string, commands: readonly CommandSpec[]): string[] {
    const current = this.byCog.get(cog);
    if (!current) throw new CommandConflictError(`Cog ${cog} is not registered.`);
    const names = (c: CommandSpec) => [c.name, ...c.aliases].map((n) => n.toLowerCase());
    const declared = new Set(commands.flatMap(names));
    const added = current.filter((c) => this.runtimeAdded.has(c));
    const kept = added.filter((c) => !names(c).some((n) => declared.has(n)));
    const handlersOf = (c: CommandSpec) => (this.text.get(c.name.toLowerCase()) ?? this.slash.get(c.name))?.handlers;
    const text = new Map([...this.text].filter(([, e]) => e.cog !== cog));
    const slash = new Map([...this.slash].filter(([, e]) => e.cog !== cog));
    this.register(cog, commands, undefined, { text, slash });
    for (const c of kept) this.register(cog, [c], handlersOf(c), { text, slash });
    this.text = text;
    this.slash = slash;
    this.byCog.set(cog, [...commands, ...kept]);
    const changes = this.slashChanges.get(cog);
    if (changes) {
      changes.removed.clear();
      for (const name of [...changes.added.keys()]) if (!kept.some((c) => c.name === name)) changes.added.delete(name);
    }
    return added.filter((c) => !kept.includes(c)).map((c) => c.name);
  }

  /** The top-level commands of `cog` added at run time, with their handlers (to put back after a failed reload). */
  runtimeEntriesOf(cog: string): CommandEntry[] {
    return (this.byCog.get(cog) ?? [])
      .filter((c) => this.runtimeAdded.has(c))
      .map((c) => this.text.get(c.name.toLowerCase()) ?? this.slash.get(c.name))
      .filter((e): e is CommandEntry => e !== undefined);
  }

  /** True when `name` (a top-level command or alias) is taken, by any cog. */
  has(name: string): boolean {
    return this.text.has(name.toLowerCase()) || this.slash.has(name);
  }

  /** Checks every name of `commands` is free, then indexes them (all or nothing). */
  private register(
    cog: string,
    commands: readonly CommandSpec[],
    handlers?: Readonly<Record<string, RunnableHandler>>,
    into: { text: Map<string, CommandEntry>; slash: Map<string, CommandEntry> } = { text: this.text, slash: this.slash },
  ): void {
    const textKeys: string[] = [];
    const slashKeys: string[] = [];
    for (const command of commands) {
      if (usableAsText(command)) {
        for (const key of [command.name, ...command.aliases].map((k) => k.toLowerCase())) {
          const other = into.text.get(key) ?? (textKeys.includes(key) ? { cog } : undefined);
          if (other) throw new CommandConflictError(`Cog ${cog}: the text command name \`${key}\` is already used by cog ${other.cog}.`);
          textKeys.push(key);
        }
      }
      if (usableAsSlash(command)) {
        for (const node of walk(command)) {
          if (!usableAsSlash(node)) continue;
          const key = node.path.join(' ');
          const other = into.slash.get(key) ?? (slashKeys.includes(key) ? { cog } : undefined);
          if (other) throw new CommandConflictError(`Cog ${cog}: the slash command \`/${key}\` is already used by cog ${other.cog}.`);
          slashKeys.push(key);
        }
      }
    }
    const extra = handlers ? { handlers } : {};
    for (const command of commands) {
      if (usableAsText(command)) for (const key of [command.name, ...command.aliases]) into.text.set(key.toLowerCase(), { cog, command, ...extra });
      if (usableAsSlash(command)) for (const node of walk(command)) if (usableAsSlash(node)) into.slash.set(node.path.join(' '), { cog, command: node, ...extra });
    }
  }

  /** Removes every command of `cog` (those added at run time too). */
  remove(cog: string): void {
    for (const map of [this.text, this.slash]) for (const [key, entry] of map) if (entry.cog === cog) map.delete(key);
    this.byCog.delete(cog);
    this.slashChanges.delete(cog);
  }

  /**
   * Adds a top-level command (or group) to a registered cog at run time. `handlers` maps the handler keys
   * of the command tree to functions; `slash` is its bulk-overwrite JSON, required for slash and hybrid
   * commands. Throws without changing anything when a name is taken or a handler is missing.
   */
  addCommand(cog: string, command: CommandSpec, handlers: Readonly<Record<string, RunnableHandler>>, slash?: SlashBody): void {
    const list = this.byCog.get(cog);
    if (!list) throw new CommandConflictError(`Cog ${cog} is not loaded: commands can only be added to a loaded cog.`);
    if (command.path.length !== 1 || command.path[0] !== command.name) {
      throw new TypeError(`Only top-level commands can be added at run time; \`${command.path.join(' ')}\` has the path ${JSON.stringify(command.path)}.`);
    }
    for (const node of walk(command)) {
      if (node.handler !== null && typeof handlers[node.handler] !== 'function') {
        throw new TypeError(`The handler "${node.handler}" for command \`${node.path.join(' ')}\` is missing.`);
      }
    }
    if (usableAsSlash(command) && (!slash || slash.name !== command.name)) {
      throw new TypeError(`The ${command.kind} command \`${command.name}\` needs its slash JSON (a body named "${command.name}").`);
    }
    this.register(cog, [command], handlers);
    this.runtimeAdded.add(command);
    list.push(command);
    const changes = this.changesOf(cog);
    changes.removed.delete(command.name);
    if (slash && usableAsSlash(command)) changes.added.set(command.name, slash);
  }

  /** Removes a top-level command (manifest-declared or added at run time) by name; returns what was removed. */
  removeCommand(path: string | readonly string[]): CommandEntry | undefined {
    const key = pathKey(path);
    if (key.includes(' ')) throw new TypeError(`Only top-level commands can be removed at run time, not \`${key}\`.`);
    const entry = this.text.get(key) ?? this.slash.get(key);
    if (!entry || entry.command.path.length !== 1) return undefined;
    const { cog, command } = entry;
    for (const name of [command.name, ...command.aliases]) if (this.text.get(name.toLowerCase())?.command === command) this.text.delete(name.toLowerCase());
    for (const [slashKey, e] of this.slash) if (e.cog === cog && (slashKey === command.name || slashKey.startsWith(`${command.name} `))) this.slash.delete(slashKey);
    const list = this.byCog.get(cog);
    if (list) list.splice(list.indexOf(command), 1);
    const changes = this.changesOf(cog);
    if (!changes.added.delete(command.name) && usableAsSlash(command)) changes.removed.add(command.name);
    return entry;
  }

  /**
   * A cog's slash bodies as they are now: `fromSpec` (its generated `slashCommands`) without the commands
   * removed at run time, plus those added. What slash sync sends for the cog.
   */
  slashBodiesOf(cog: string, fromSpec: readonly SlashBody[]): SlashBody[] {
    const changes = this.slashChanges.get(cog);
    if (!changes) return [...fromSpec];
    return [...fromSpec.filter((b) => !changes.removed.has(b.name) && !changes.added.has(b.name)), ...changes.added.values()];
  }

  private changesOf(cog: string): RuntimeSlashChanges {
    let changes = this.slashChanges.get(cog);
    if (!changes) this.slashChanges.set(cog, (changes = { added: new Map(), removed: new Set() }));
    return changes;
  }

  /** Turns a command (and everything under it) off everywhere, or in one guild. */
  disable(path: string | readonly string[], options: DisableOptions = {}): void {
    this.disabled.disable(path, options);
  }

  /** Turns a command back on in that scope; false when it was not disabled there. */
  enable(path: string | readonly string[], options: DisableOptions = {}): boolean {
    return this.disabled.enable(path, options);
  }

  /** True when the command or a group above it is disabled everywhere or in `guildId`. */
  isDisabled(path: readonly string[], guildId?: string | null): boolean {
    return this.disabled.isDisabled(path, guildId);
  }

  /**
   * Finds a command by the words a user would type (`settings prefix`, aliases allowed, text or slash);
   * stops at the deepest match, so `consumed` says how many words named it.
   */
  find(words: readonly string[]): (CommandEntry & { consumed: number }) | undefined {
    if (words.length === 0) return undefined;
    const first = words[0]!.toLowerCase();
    const entry = this.text.get(first) ?? this.slash.get(first);
    if (!entry) return undefined;
    let command = entry.command;
    let consumed = 1;
    for (const word of words.slice(1)) {
      const key = word.toLowerCase();
      const sub = command.subcommands.find((s) => s.name.toLowerCase() === key || s.aliases.some((a) => a.toLowerCase() === key));
      if (!sub) break;
      command = sub;
      consumed++;
    }
    return { ...entry, command, consumed };
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
    return { ...entry, command, invokedAs: words.join(' ') };
  }
}
