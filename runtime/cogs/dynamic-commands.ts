/**
 * Text commands a cog adds at run time (`cog.commands.add`): aliases, custom commands made by admins.
 * They go into the same command index as declared commands, so they are dispatched the same way — the
 * prefixes, the whole check pipeline (disabled commands, lists and ignores, privilege, rules), cooldowns
 * and the error boundary — and shown in help. They belong to the cog version that added them: unloading
 * it removes them. On a reload they stay live (still on the old version's code) until the new version's
 * onLoad has run; the new version may add them again under the same names (replacing them), and those it
 * does not add are removed then.
 */
import { PermissionFlagsBits } from 'discord.js';
import { COOLDOWN_BUCKETS, MANIFEST_PRIVILEGES } from '../contract/enums.js';
import { NO_MENTIONS } from '../context/mentions.js';
import type { CommandSpec, CooldownBucket } from '../contract/spec.js';
import type { CommandEntry, CommandIndex } from '../commands/index-of-commands.js';
import type { RunnableHandler } from '../commands/invoke.js';
import type { CogCommands, DynamicCommandDefinition } from './module.js';

const NAME = /^[a-z0-9_-]{1,32}$/;
const BUCKETS: readonly CooldownBucket[] = COOLDOWN_BUCKETS;
const PRIVILEGES: readonly string[] = MANIFEST_PRIVILEGES;

/** The spec of a run-time command, as the generator would write it for a text command taking the rest of the line. */
export function dynamicCommandSpec(definition: DynamicCommandDefinition): CommandSpec {
  const fail = (why: string): never => {
    throw new TypeError(`Run-time command ${JSON.stringify(definition?.name)}: ${why}`);
  };
  if (typeof definition !== 'object' || definition === null) fail('the definition must be an object.');
  const name = definition.name;
  if (typeof name !== 'string' || !NAME.test(name)) fail('the name must be 1 to 32 lowercase letters, digits, `-` or `_`.');
  if (typeof definition.handler !== 'function') fail('`handler` must be a function.');
  const aliases = definition.aliases ?? [];
  if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string' || !NAME.test(a))) fail('every alias must be 1 to 32 lowercase letters, digits, `-` or `_`.');
  if (definition.privilege !== undefined && !PRIVILEGES.includes(definition.privilege)) fail(`privilege must be one of ${PRIVILEGES.join(', ')}.`);
  const permissions = definition.permissions ?? [];
  const unknown = Array.isArray(permissions) ? permissions.filter((p) => typeof p !== 'string' || !Object.hasOwn(PermissionFlagsBits, p)) : ['(not a list)'];
  if (unknown.length > 0) fail(`permissions must name Discord permissions (as PermissionFlagsBits does, e.g. ManageMessages); not ${unknown.map(String).join(', ')}.`);
  if (definition.privilege === 'owner' && permissions.length > 0) fail('an owner-only command cannot be opened to Discord permissions.');
  const cooldown = definition.cooldown;
  if (cooldown !== undefined) {
    if (!Number.isInteger(cooldown.rate) || cooldown.rate < 1) fail('cooldown.rate must be a whole number of at least 1.');
    if (!Number.isFinite(cooldown.perMs) || cooldown.perMs <= 0) fail('cooldown.perMs must be a positive number of milliseconds.');
    if (cooldown.bucket !== undefined && !BUCKETS.includes(cooldown.bucket)) fail(`cooldown.bucket must be one of ${BUCKETS.join(', ')}.`);
  }
  const description = definition.description?.trim() || `Added by a cog at run time.`;
  const usageTail = definition.usage?.trim() ?? '';
  const usage = usageTail ? `${name} ${usageTail}` : name;
  const aliasLine = aliases.length > 0 ? `\nAliases: ${aliases.join(', ')}` : '';
  return {
    name,
    path: [name],
    kind: 'text',
    description,
    options: [{ name: 'text', description: 'What follows the command.', type: 'string', required: false, rest: true }],
    subcommands: [],
    handler: 'run',
    usage,
    help: `${description}\n\nUsage: [p]${usage}${aliasLine}`,
    aliases: [...aliases],
    hidden: definition.hidden ?? false,
    allowedMentions: { ...NO_MENTIONS },
    ...(definition.privilege ? { privilege: definition.privilege } : {}),
    ...(permissions.length > 0 ? { permissions: [...permissions] } : {}),
    ...(cooldown ? { cooldown: { rate: cooldown.rate, perMs: cooldown.perMs, bucket: cooldown.bucket ?? 'user' } } : {}),
  };
}

/** One cog version's run-time commands. */
export class DynamicCommands implements CogCommands {
  private readonly own: string[] = [];
  /** The previous version's entries this version took over, to put back if this version fails to load. */
  private readonly takenOver = new Map<string, CommandEntry>();

  /**
   * @param inherited names the previous version of the cog added (on a reload), still live until `dropInherited`.
   */
  constructor(
    private readonly cog: string,
    private readonly index: CommandIndex,
    private readonly inherited: Set<string> = new Set(),
    private readonly onChange?: (change: { added?: string; removed?: string }) => void,
  ) {}

  add(definition: DynamicCommandDefinition): void {
    const spec = dynamicCommandSpec(definition);
    if (this.inherited.has(spec.name)) {
      // The previous version's command of that name: this version takes it over.
      const previous = this.index.removeCommand(spec.name);
      if (previous) this.takenOver.set(spec.name, previous);
      this.inherited.delete(spec.name);
    }
    const handler: RunnableHandler = (ctx, options) => definition.handler(ctx, { text: typeof options.text === 'string' ? options.text.trim() : '' });
    this.index.addCommand(this.cog, spec, { run: handler });
    this.own.push(spec.name);
    this.onChange?.({ added: spec.name });
  }

  remove(name: string): boolean {
    const i = this.own.indexOf(name);
    if (i < 0) return false;
    this.own.splice(i, 1);
    this.index.removeCommand(name);
    this.onChange?.({ removed: name });
    return true;
  }

  names(): string[] {
    return [...this.own];
  }

  /** After the new version's onLoad: the previous version's commands it did not take over go. */
  dropInherited(): void {
    this.commit();
    for (const name of this.inherited) {
      this.index.removeCommand(name);
      this.onChange?.({ removed: name });
    }
    this.inherited.clear();
  }

  /** Removes every command this version added (it is being torn down). */
  removeAll(): void {
    for (const name of this.own.splice(0)) this.index.removeCommand(name);
  }

  /** This version failed to load after the swap: its commands go and the previous version's come back. */
  rollBack(): void {
    this.removeAll();
    for (const [name, entry] of this.takenOver) {
      if (entry.handlers) this.index.addCommand(entry.cog, entry.command, entry.handlers);
      this.inherited.add(name);
    }
    this.takenOver.clear();
  }

  /** The version is live for good: forget what it took over. */
  commit(): void {
    this.takenOver.clear();
  }
}
