/**
 * `privilegeOf(who, guild?)` and the `privilege` step of the check pipeline.
 *
 * The owner check comes first: a command that needs `owner` is decided by `isOwner` alone, before and
 * independently of anything else (the allow/deny rules are a later step, and every step must pass, so no
 * rule can open an owner-only command). Everything that asks "is this a bot owner" asks `isOwner`.
 */
import type { Client, Guild, GuildMember, TextBasedChannel, User } from 'discord.js';
import type { CogSpec, CommandSpec } from '../contract/spec.js';
import type { Config } from '../config/base.js';
import type { Logger } from '../logging.js';
import { ALLOWED, refusal, type CheckStep } from '../commands/pipeline/steps.js';
import { missingPermissions } from './discord-permissions.js';
import { highest, refusalMessage, satisfies, type Privilege } from './levels.js';
import { permissionsRefusal } from './manifest-checks.js';
import { OwnerDirectory } from './owners.js';
import { PrivilegeRoles } from './roles.js';

export interface PrivilegesOptions {
  client: Client;
  /** Owner ids from bot.config.yaml. */
  owners: readonly string[];
  ownersFromApplication?: boolean;
  teamMembersAreOwners?: boolean;
  /** The core namespace Config (available once storage is open). */
  config(): Config;
  logger: Logger;
}

/** Someone a privilege is asked about: a guild member, or a user (then give the guild separately). */
export type PrivilegeSubject = GuildMember | User;

/** What the privilege check needs to know about one invocation. */
export interface PrivilegeRequest {
  user: User;
  member: GuildMember | null;
  guild: Guild | null;
  cog: Pick<CogSpec, 'privilege'> | undefined;
  command: CommandSpec;
  /** Where it runs: the command's `permissions` are looked up in this channel (absent: server-wide). */
  channel?: TextBasedChannel | null;
}

export class Privileges {
  readonly owners: OwnerDirectory;

  constructor(private readonly options: PrivilegesOptions) {
    this.owners = new OwnerDirectory({
      client: options.client,
      configured: options.owners,
      fromApplication: options.ownersFromApplication,
      teamMembersAreOwners: options.teamMembersAreOwners,
      logger: options.logger,
    });
  }

  /** The admin and mod roles of each guild (add, remove, list). */
  get roles(): PrivilegeRoles {
    return new PrivilegeRoles(this.options.config());
  }

  /** True when the user is a bot owner. */
  isOwner(userId: string): Promise<boolean> {
    return this.owners.isOwner(userId);
  }

  /** The highest level someone holds: in `guild` (or the member's own guild), else only owner or none. */
  async privilegeOf(who: PrivilegeSubject, guild?: Guild | null): Promise<Privilege> {
    if (await this.isOwner(who.id)) return 'owner';
    const where = guild ?? ('guild' in who ? who.guild : null);
    if (!where) return 'none';
    if (where.ownerId === who.id) return 'guildOwner';
    const member = 'guild' in who && who.guild.id === where.id ? who : await memberOf(where, who.id);
    if (!member) return 'none';
    const held = new Set(member.roles.cache.keys());
    const roles = this.roles;
    if ((await roles.list('admin', where.id)).some((id) => held.has(id))) return 'admin';
    if ((await roles.list('mod', where.id)).some((id) => held.has(id))) return 'mod';
    return 'none';
  }

  /** The level a command needs: the highest of its cog's and its own (which already includes its groups'). */
  required(cog: Pick<CogSpec, 'privilege'> | undefined, command: CommandSpec): Privilege {
    return highest(cog?.privilege ?? 'none', command.privilege ?? 'none');
  }

  /** Null when the invocation may go on, else the refusal to show. The owner check is first and alone. */
  async refusal(request: PrivilegeRequest): Promise<string | null> {
    const required = this.required(request.cog, request.command);
    const permissions = request.command.permissions ?? [];
    if (required === 'none' && permissions.length === 0) return null;
    // Owner-only is decided by the owner list alone: `permissions` never stand in for it.
    if (required === 'owner') return (await this.isOwner(request.user.id)) ? null : refusalMessage('owner', request.command.path);
    const held = await this.privilegeOf(request.member ?? request.user, request.guild);
    if (held === 'owner' || (required !== 'none' && satisfies(held, required))) return null;
    // As in Red, the Discord permissions are the other way in ("admin or Manage Server").
    if (permissions.length > 0 && request.member && missingPermissions(request.member, request.channel ?? null, permissions).length === 0) return null;
    return permissionsRefusal(required, permissions, request.command.path);
  }
}

/** The `privilege` step: the level `command` of its cog needs (or the Discord permissions declared beside it). */
export function privilegeStep(privileges: Privileges, cogs: { get(name: string): { spec: CogSpec } | undefined }): CheckStep<'privilege'> {
  return {
    name: 'privilege',
    async run(ctx, command, cog) {
      const message = await privileges.refusal({ user: ctx.author, member: ctx.member, guild: ctx.guild, channel: ctx.channel, cog: cogs.get(cog)?.spec, command });
      return message === null ? ALLOWED : refusal('privilege', 'privilege', message);
    },
  };
}

async function memberOf(guild: Guild, userId: string): Promise<GuildMember | null> {
  const cached = guild.members.cache.get(userId);
  if (cached) return cached;
  try {
    return await guild.members.fetch(userId);
  } catch {
    return null; // not a member (left, or never joined): no guild privilege
  }
}
