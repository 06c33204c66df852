/**
 * Application commands the bot registers: global and per guild, with Discord's validation (names, lengths,
 * option order and nesting, duplicates). Bulk overwrite (PUT) keeps the id of a command whose name and type
 * are unchanged, as Discord does, so the registration is idempotent.
 */
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord.js';
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { DiscordApiError } from './rest/router.js';
import type { SnowflakeGenerator } from './snowflake.js';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Stores registered commands, globally and per guild. */
export class CommandRegistry {
  readonly global = new Map<string, APIApplicationCommand>();
  readonly guilds = new Map<string, Map<string, APIApplicationCommand>>();

  constructor(
    private readonly ids: SnowflakeGenerator,
    private readonly applicationId: string,
  ) {}

  /** The store for a scope (`null` = global). */
  scope(guildId: string | null): Map<string, APIApplicationCommand> {
    if (!guildId) return this.global;
    let map = this.guilds.get(guildId);
    if (!map) this.guilds.set(guildId, (map = new Map()));
    return map;
  }

  /** Replaces every command of a scope (PUT); returns the new list. */
  overwrite(guildId: string | null, body: unknown): APIApplicationCommand[] {
    if (!Array.isArray(body)) throw DiscordApiError.invalidForm('_root', 'BASE_TYPE_LIST', 'Expected a list of application commands.');
    const store = this.scope(guildId);
    const seen = new Set<string>();
    const built = body.map((raw, i) => {
      const cmd = validateCommand(raw, `${i}`);
      const key = `${cmd.type}:${cmd.name}`;
      if (seen.has(key)) throw DiscordApiError.invalidForm(`${i}.name`, 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique (${cmd.name})`);
      seen.add(key);
      const existing = [...store.values()].find((c) => c.name === cmd.name && c.type === cmd.type);
      return this.#complete(cmd, guildId, existing?.id);
    });
    store.clear();
    for (const cmd of built) store.set(cmd.id, cmd);
    return built;
  }

  /** Creates or replaces one command by name (POST). */
  upsert(guildId: string | null, body: unknown): { command: APIApplicationCommand; created: boolean } {
    const cmd = validateCommand(body, '');
    const store = this.scope(guildId);
    const existing = [...store.values()].find((c) => c.name === cmd.name && c.type === cmd.type);
    const command = this.#complete(cmd, guildId, existing?.id);
    store.set(command.id, command);
    return { command, created: !existing };
  }

  /** Edits one command by id (PATCH). */
  edit(guildId: string | null, id: string, body: unknown): APIApplicationCommand {
    const store = this.scope(guildId);
    const existing = store.get(id);
    if (!existing) throw new DiscordApiError(404, 10063, 'Unknown application command');
    const merged = validateCommand({ ...existing, ...(body as object) }, '');
    const command = this.#complete(merged, guildId, id);
    store.set(id, command);
    return command;
  }

  /** Finds a chat-input command by name, guild commands first (as the Discord client shows them). */
  findChatInput(name: string, guildId: string | null): APIApplicationCommand | undefined {
    const inGuild = guildId ? [...(this.guilds.get(guildId)?.values() ?? [])] : [];
    return [...inGuild, ...this.global.values()].find((c) => c.name === name && c.type === ApplicationCommandType.ChatInput);
  }

  #complete(cmd: Record<string, unknown>, guildId: string | null, id: string | undefined): APIApplicationCommand {
    return {
      ...cmd,
      id: id ?? this.ids.next(),
      application_id: this.applicationId,
      version: this.ids.next(),
      ...(guildId ? { guild_id: guildId } : {}),
    } as unknown as APIApplicationCommand;
  }
}

function fail(path: string, code: string, message: string): never {
  throw DiscordApiError.invalidForm(path ? `${path}` : '_root', code, message);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Validates one command body and fills Discord's defaults. */
function validateCommand(raw: unknown, path: string): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  const body = raw as Record<string, unknown>;
  const type = (body.type as number | undefined) ?? ApplicationCommandType.ChatInput;
  if (![1, 2, 3, 4].includes(type)) fail(join(path, 'type'), 'BASE_TYPE_CHOICES', `Value must be one of {1, 2, 3, 4}.`);
  const name = body.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 32) fail(join(path, 'name'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
  if (type === ApplicationCommandType.ChatInput && (!NAME.test(name) || name !== name.toLowerCase())) {
    fail(join(path, 'name'), 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid: "${name}"`);
  }
  const description = body.description ?? '';
  if (type === ApplicationCommandType.ChatInput) {
    if (typeof description !== 'string' || description.length < 1 || description.length > 100) fail(join(path, 'description'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  } else if (description !== '') fail(join(path, 'description'), 'APPLICATION_COMMAND_INVALID_DESCRIPTION', 'Only chat input commands have a description.');
  const options = body.options === undefined || body.options === null ? undefined : validateOptions(body.options, join(path, 'options'), 0);
  if (options && type !== ApplicationCommandType.ChatInput) fail(join(path, 'options'), 'APPLICATION_COMMAND_OPTIONS_INVALID', 'Only chat input commands have options.');
  const permissions = body.default_member_permissions;
  if (permissions !== undefined && permissions !== null && (typeof permissions !== 'string' || !/^\d+$/.test(permissions))) {
    fail(join(path, 'default_member_permissions'), 'BASE_TYPE_STRING', 'Must be a permission bit set as a string.');
  }
  return {
    type,
    name,
    name_localizations: body.name_localizations ?? null,
    description,
    description_localizations: body.description_localizations ?? null,
    ...(options ? { options } : {}),
    default_member_permissions: permissions ?? null,
    dm_permission: body.dm_permission ?? true,
    contexts: body.contexts ?? null,
    integration_types: body.integration_types ?? [0],
    nsfw: body.nsfw ?? false,
  };
}

function validateOptions(raw: unknown, path: string, depth: number): APIApplicationCommandOption[] {
  if (!Array.isArray(raw)) fail(path, 'BASE_TYPE_LIST', 'Must be a list.');
  if (raw.length > 25) fail(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const names = new Set<string>();
  let sawOptional = false;
  return raw.map((o: unknown, i: number) => {
    const p = join(path, String(i));
    if (!o || typeof o !== 'object') fail(p, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    const opt = o as Record<string, unknown>;
    const type = opt.type as number;
    if (!Number.isInteger(type) || type < 1 || type > 11) fail(join(p, 'type'), 'BASE_TYPE_CHOICES', 'Value must be one of {1..11}.');
    if (typeof opt.name !== 'string' || !NAME.test(opt.name) || opt.name !== opt.name.toLowerCase()) fail(join(p, 'name'), 'APPLICATION_COMMAND_INVALID_NAME', `Option name is invalid: "${String(opt.name)}"`);
    if (names.has(opt.name)) fail(join(p, 'name'), 'APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME', `Option names must be unique (${opt.name})`);
    names.add(opt.name);
    if (typeof opt.description !== 'string' || opt.description.length < 1 || opt.description.length > 100) fail(join(p, 'description'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    const isSub = type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup;
    if (isSub && depth >= (type === ApplicationCommandOptionType.SubcommandGroup ? 1 : 2)) fail(join(p, 'type'), 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-commands cannot nest this deep.');
    if (!isSub) {
      const required = opt.required === true;
      if (required && sawOptional) fail(join(p, 'required'), 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      if (!required) sawOptional = true;
    }
    if (Array.isArray(opt.choices) && opt.choices.length > 25) fail(join(p, 'choices'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    const children = opt.options === undefined ? undefined : validateOptions(opt.options, join(p, 'options'), depth + 1);
    if (type === ApplicationCommandOptionType.SubcommandGroup && children?.some((c) => c.type !== ApplicationCommandOptionType.Subcommand)) {
      fail(join(p, 'options'), 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'A sub-command group may hold only sub-commands.');
    }
    if (type === ApplicationCommandOptionType.Subcommand && children?.some((c) => c.type <= 2)) {
      fail(join(p, 'options'), 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'A sub-command cannot hold sub-commands.');
    }
    return { ...opt, ...(children ? { options: children } : {}) } as unknown as APIApplicationCommandOption;
  });
}
