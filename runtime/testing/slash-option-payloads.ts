/**
 * The options of a slash-command interaction as Discord sends them: each value checked against the option
 * the bot registered (type, choices, lengths, bounds, channel types), and the users, members, channels,
 * roles and attachments it names added to `data.resolved`.
 *
 * `{ wire: … }` values skip all of that and go out as given: the option type and value on the wire, and
 * the resolved data of any handle, whatever the registered command says. They stand for what Discord's
 * checks would never let through but a bot must still survive: a client holding an older registration of
 * the command (another option type), or a malformed or forged payload (a role of another guild).
 */
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord.js';
import { ResolvedCollector } from './resolved.js';
import { ApplicationCommandOptionType } from 'discord.js';
import type { ChannelHandle, MemberHandle, RoleHandle, UserHandle } from './handles.js';
import { apiMember, apiResolvedChannel, apiRole, apiUser } from './payloads.js';
import type { ChannelRecord, SimState } from './state.js';

/** A file for an attachment option. */
export interface AttachmentInput {
  attachment: { filename: string; size?: number; contentType?: string };
}

/** Something the payload can carry resolved data for. */
export type Resolvable = UserHandle | MemberHandle | ChannelHandle | RoleHandle | AttachmentInput;

/** The buckets of `data.resolved`. */
export type ResolvedData = Partial<Record<'users' | 'members' | 'roles' | 'channels' | 'attachments', Record<string, unknown>>>;

/** An option exactly as the payload carries it, unchecked (see the file header). */
export interface WireOption {
  wire: {
    /** The option type on the wire (ApplicationCommandOptionType). */
    type: ApplicationCommandOptionType;
    /** The value on the wire; default: the id of `resolves`. */
    value?: unknown;
    /** A user, member, channel, role (of any guild) or file whose resolved data the payload carries. */
    resolves?: Resolvable;
    /** Resolved data added as given, by bucket and id (e.g. a role of no guild at all). */
    resolved?: ResolvedData;
  };
}

/** A value for a slash-command option: primitives, handles for user/member/channel/role options, a file, or a raw wire option. */
export type SlashOptionValue = string | number | boolean | Resolvable | WireOption;

type Bucket = keyof ResolvedData;

/** Builds the leaf options of one interaction and the resolved data they name. */
export class SlashOptionBuilder {
  readonly #collector: ResolvedCollector;

  constructor(
    private readonly state: SimState,
    private readonly channel: ChannelRecord,
    invokerId: string,
    private readonly commandLine: string,
    /** The registered options of the (sub)command; undefined when not checked. */
    private readonly defs: APIApplicationCommandOption[] | undefined,
  ) {
    this.#collector = new ResolvedCollector(state, channel, invokerId);
  }

  /** The resolved data the options named, by bucket and id. */
  get resolved(): Record<string, Record<string, unknown>> {
    return this.#collector.data;
  }

  /** One option: checked against its definition and resolved as Discord would, or sent as given for a wire option. */
  option(name: string, value: SlashOptionValue): { name: string; type: number; value: unknown } {
    if (isWire(value)) return this.#wire(name, value.wire);
    const def = this.defs?.find((d) => d.name === name);
    if (this.defs && !def) throw new Error(`runSlash: /${this.commandLine} has no option "${name}" (options: ${this.defs.map((d) => d.name).join(', ') || 'none'})`);
    const type = def?.type ?? inferType(value, name);
    const where = `runSlash: option "${name}" of /${this.commandLine}`;
    const refId = (v: SlashOptionValue, kinds: string[]): string => {
      if (typeof v === 'string' && /^\d{15,21}$/.test(v)) return v;
      if (typeof v === 'object' && 'kind' in v && kinds.includes(v.kind)) return v.id;
      throw new Error(`${where} must be a ${kinds.join(' or ')} (a handle or an id), got ${JSON.stringify(v)}`);
    };
    switch (type) {
      case ApplicationCommandOptionType.String: {
        if (typeof value !== 'string') throw new Error(`${where} must be a string, got ${JSON.stringify(value)}`);
        checkChoices(def, value, where);
        const min = def && 'min_length' in def ? def.min_length : undefined;
        const max = def && 'max_length' in def ? def.max_length : undefined;
        if ((min !== undefined && value.length < min) || (max !== undefined && value.length > max)) throw new Error(`${where} must be ${min ?? 0}..${max ?? 6000} characters long`);
        return { name, type, value };
      }
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number: {
        if (typeof value !== 'number' || !Number.isFinite(value) || (type === ApplicationCommandOptionType.Integer && !Number.isInteger(value))) {
          throw new Error(`${where} must be ${type === ApplicationCommandOptionType.Integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
        }
        checkChoices(def, value, where);
        const min = def && 'min_value' in def ? def.min_value : undefined;
        const max = def && 'max_value' in def ? def.max_value : undefined;
        if ((min !== undefined && value < min) || (max !== undefined && value > max)) throw new Error(`${where} must be between ${min ?? '-∞'} and ${max ?? '∞'}`);
        return { name, type, value };
      }
      case ApplicationCommandOptionType.Boolean:
        if (typeof value !== 'boolean') throw new Error(`${where} must be a boolean, got ${JSON.stringify(value)}`);
        return { name, type, value };
      case ApplicationCommandOptionType.User: {
        const id = refId(value, ['member', 'user']);
        this.#addUser(id);
        return { name, type, value: id };
      }
      case ApplicationCommandOptionType.Channel: {
        const id = refId(value, ['channel']);
        const target = this.state.channel(id);
        const types = def && 'channel_types' in def ? def.channel_types : undefined;
        if (types && !types.includes(target.type as never)) throw new Error(`${where} accepts channel types ${types.join(', ')}, not ${target.type}`);
        this.#addChannel(id);
        return { name, type, value: id };
      }
      case ApplicationCommandOptionType.Role: {
        const id = refId(value, ['role']);
        const role = this.channel.guildId ? this.state.guild(this.channel.guildId).roles.get(id) : undefined;
        if (!role) throw new Error(`${where}: role ${id} is not in this guild`);
        this.#add('roles', id, apiRole(role));
        return { name, type, value: id };
      }
      case ApplicationCommandOptionType.Mentionable: {
        const id = refId(value, ['member', 'user', 'role']);
        const role = this.channel.guildId ? this.state.guild(this.channel.guildId).roles.get(id) : undefined;
        if (role) this.#add('roles', id, apiRole(role));
        else this.#addUser(id);
        return { name, type, value: id };
      }
      case ApplicationCommandOptionType.Attachment: {
        if (typeof value !== 'object' || !('attachment' in value)) throw new Error(`${where} must be { attachment: { filename } }`);
        return { name, type, value: this.#addAttachment(value) };
      }
      default:
        throw new Error(`${where} has type ${type}, which is a sub-command; name sub-commands in the command line instead`);
    }
  }

  #wire(name: string, wire: WireOption['wire']): { name: string; type: number; value: unknown } {
    const id = wire.resolves ? this.#resolve(wire.resolves) : undefined;
    for (const [bucket, entries] of Object.entries(wire.resolved ?? {})) {
      for (const [key, data] of Object.entries(entries ?? {})) this.#add(bucket as Bucket, key, data);
    }
    return { name, type: wire.type, value: 'value' in wire ? wire.value : id };
  }

  /** Adds the resolved data of a handle (a role of whichever guild holds it); returns the id the option names. */
  #resolve(target: Resolvable): string {
    if ('attachment' in target) return this.#addAttachment(target);
    if (target.kind === 'channel') this.#addChannel(target.id);
    else if (target.kind === 'role') {
      const role = this.state.guild(target.guildId).roles.get(target.id);
      if (!role) throw new Error(`runSlash: role ${target.id} does not exist`);
      this.#add('roles', target.id, apiRole(role));
    } else this.#addUser(target.id);
    return target.id;
  }

  #add(bucket: Bucket, id: string, data: unknown): void {
    this.#collector.add(bucket, id, data);
  }

  #addUser(id: string): void {
    this.#collector.user(id);
  }

  #addChannel(id: string): void {
    this.#collector.channelOf(this.state.channel(id));
  }

  #addAttachment({ attachment: a }: AttachmentInput): string {
    const id = this.state.ids.next();
    this.#add('attachments', id, {
      id,
      filename: a.filename,
      size: a.size ?? 0,
      content_type: a.contentType ?? 'application/octet-stream',
      url: `https://cdn.invalid/ephemeral-attachments/${id}/${a.filename}`,
      proxy_url: `https://media.invalid/ephemeral-attachments/${id}/${a.filename}`,
      ephemeral: true,
    });
    return id;
  }
}

function isWire(value: SlashOptionValue): value is WireOption {
  return typeof value === 'object' && value !== null && 'wire' in value;
}

/** The registered options of the (sub)command a command line names. */
export function walkPath(command: APIApplicationCommand, subPath: string[], commandLine: string): APIApplicationCommandOption[] {
  let defs: APIApplicationCommandOption[] = command.options ?? [];
  for (const part of subPath) {
    const next = defs.find((d) => d.name === part && (d.type === ApplicationCommandOptionType.Subcommand || d.type === ApplicationCommandOptionType.SubcommandGroup));
    if (!next) throw new Error(`runSlash: /${commandLine}: "${part}" is not a sub-command (choices: ${defs.filter((d) => d.type <= 2).map((d) => d.name).join(', ') || 'none'})`);
    defs = ('options' in next ? next.options : undefined) ?? [];
  }
  if (defs.some((d) => d.type === ApplicationCommandOptionType.Subcommand || d.type === ApplicationCommandOptionType.SubcommandGroup)) {
    throw new Error(`runSlash: /${commandLine} needs a sub-command (choices: ${defs.map((d) => d.name).join(', ')})`);
  }
  return defs;
}

/** The option types (sub-command or group) of each word of a sub-command path. */
export function subKinds(command: APIApplicationCommand, subPath: string[]): number[] {
  let defs: APIApplicationCommandOption[] = command.options ?? [];
  return subPath.map((part) => {
    const def = defs.find((d) => d.name === part)!;
    defs = ('options' in def ? def.options : undefined) ?? [];
    return def.type;
  });
}

function inferType(value: Exclude<SlashOptionValue, WireOption>, name: string): ApplicationCommandOptionType {
  if (typeof value === 'string') return ApplicationCommandOptionType.String;
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  if ('attachment' in value) return ApplicationCommandOptionType.Attachment;
  switch (value.kind) {
    case 'member':
    case 'user':
      return ApplicationCommandOptionType.User;
    case 'channel':
      return ApplicationCommandOptionType.Channel;
    case 'role':
      return ApplicationCommandOptionType.Role;
  }
  throw new Error(`runSlash: cannot tell the type of option "${name}"`);
}

function checkChoices(def: APIApplicationCommandOption | undefined, value: string | number, where: string): void {
  const choices = def && 'choices' in def ? def.choices : undefined;
  if (choices && choices.length > 0 && !choices.some((c) => c.value === value)) {
    throw new Error(`${where} must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}, got ${JSON.stringify(value)}`);
  }
}
