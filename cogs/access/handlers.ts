/**
 * Handlers of the `access` cog: allow and block lists, ignores, disabled commands and cogs, the audit log.
 * The settings live in the runtime (runtime/permissions/access-settings.ts, enforced by access-check.ts
 * before every command); these handlers check the input, refuse what would lock the caller out, record each
 * change in the audit log and talk to the user.
 */
import { Routes, type Guild, type User } from 'discord.js';
import type { AccessCog } from '../../generated/cogs/access/index.js';
import type { CommandSpec } from '../../runtime/contract/spec.js';
import type { Context } from '../../runtime/context/types.js';
import { inlineCode, plain } from '../../runtime/support/markdown.js';
import type { AccessListKind, AccessScope } from '../../runtime/permissions/access-settings.js';
import { auditLogOf, formatAuditEntry, readAudit } from '../../runtime/permissions/audit-log.js';
import { satisfies, type Privilege } from '../../runtime/permissions/levels.js';
import { servicesOf } from '../../runtime/services.js';
import { accessOf, audit, describeIds, guildOf, idsOf, kindOf, namesMember, PROTECTED_COGS, targetRefusal } from './helpers.js';

const GLOBAL: AccessScope = { global: true };

// ---- bot-wide lists (owners) -------------------------------------------------------------------------

async function globalAdd(ctx: Context, kind: AccessListKind, users: User[]): Promise<void> {
  for (const user of users) {
    const refusal = targetRefusal(user, ctx.client.user?.id);
    if (refusal) return ctx.reply(refusal);
  }
  if (kind === 'blocklist') {
    const privileges = servicesOf(ctx.client).privileges;
    for (const user of users) {
      if (await privileges.isOwner(user.id)) return ctx.reply(`${plain(user.username)} is a bot owner and cannot be put on the blocklist.`);
    }
  }
  const added = await accessOf(ctx.client).add(kind, GLOBAL, users.map((u) => u.id));
  if (added.length > 0) await audit(ctx, `${kind}.add`, `added ${describeIds(added, null)} to the global ${kind}`, true);
  await ctx.reply(added.length > 0 ? `Added ${describeIds(added, null)} to the ${kind}.` : `They were already on the ${kind}.`);
}

async function globalRemove(ctx: Context, kind: AccessListKind, users: User[]): Promise<void> {
  const removed = await accessOf(ctx.client).remove(kind, GLOBAL, users.map((u) => u.id));
  if (removed.length > 0) await audit(ctx, `${kind}.remove`, `removed ${describeIds(removed, null)} from the global ${kind}`, true);
  await ctx.reply(removed.length > 0 ? `Removed ${describeIds(removed, null)} from the ${kind}.` : `None of them was on the ${kind}.`);
}

async function globalList(ctx: Context, kind: AccessListKind): Promise<void> {
  const ids = await accessOf(ctx.client).list(kind, GLOBAL);
  await ctx.reply(ids.length > 0 ? `Users on the ${kind}: ${describeIds(ids, null)}.` : `The ${kind} is empty.`);
}

async function globalClear(ctx: Context, kind: AccessListKind): Promise<void> {
  const count = await accessOf(ctx.client).clear(kind, GLOBAL);
  if (count > 0) await audit(ctx, `${kind}.clear`, `cleared the global ${kind} (${count} users)`, true);
  await ctx.reply(count > 0 ? `Cleared the ${kind} (${count} users).` : `The ${kind} was already empty.`);
}

// ---- this server's lists (admins) --------------------------------------------------------------------

type Target = Parameters<AccessCog['commands']['localallowlistAdd']>[1]['targets'][number];

async function localAdd(ctx: Context, kind: AccessListKind, targets: Target[]): Promise<void> {
  const guild = guildOf(ctx);
  const access = accessOf(ctx.client);
  for (const target of targets) {
    const refusal = targetRefusal(target, ctx.client.user?.id);
    if (refusal) return ctx.reply(refusal);
  }
  const ids = idsOf(targets);
  const bypass = guild.ownerId === ctx.author.id || (await servicesOf(ctx.client).privileges.isOwner(ctx.author.id));
  if (kind === 'blocklist') {
    // Red refuses these too: blocking yourself, the server owner or a bot owner.
    if (namesMember(ids, ctx.member, ctx.author.id)) return ctx.reply('You cannot put yourself (or a role you have) on the blocklist.');
    if (ids.includes(guild.ownerId)) return ctx.reply('The server owner cannot be put on the blocklist.');
    for (const id of ids) {
      if (await servicesOf(ctx.client).privileges.isOwner(id)) return ctx.reply('A bot owner cannot be put on the blocklist.');
    }
  } else if (!bypass) {
    const after = [...(await access.list('allowlist', { guild: guild.id })), ...ids];
    if (!namesMember(after, ctx.member, ctx.author.id)) {
      return ctx.reply('That would stop you from using the bot here: put yourself (or a role you have) on the allowlist first.');
    }
  }
  const added = await access.add(kind, { guild: guild.id }, ids);
  const names = targets.filter((t) => added.includes(t.id)).map(kindOf);
  if (added.length > 0) await audit(ctx, `local${kind}.add`, `added ${names.join(', ')} to the server ${kind}`);
  await ctx.reply(added.length > 0 ? `Added ${describeIds(added, guild)} to this server's ${kind}.` : `They were already on this server's ${kind}.`);
}

async function localRemove(ctx: Context, kind: AccessListKind, targets: Target[]): Promise<void> {
  const guild = guildOf(ctx);
  const access = accessOf(ctx.client);
  const ids = idsOf(targets);
  const bypass = guild.ownerId === ctx.author.id || (await servicesOf(ctx.client).privileges.isOwner(ctx.author.id));
  if (kind === 'allowlist' && !bypass) {
    const after = (await access.list('allowlist', { guild: guild.id })).filter((id) => !ids.includes(id));
    if (after.length > 0 && !namesMember(after, ctx.member, ctx.author.id)) {
      return ctx.reply('That would stop you from using the bot here: you (or a role you have) must stay on the allowlist.');
    }
  }
  const removed = await access.remove(kind, { guild: guild.id }, ids);
  const names = targets.filter((t) => removed.includes(t.id)).map(kindOf);
  if (removed.length > 0) await audit(ctx, `local${kind}.remove`, `removed ${names.join(', ')} from the server ${kind}`);
  await ctx.reply(removed.length > 0 ? `Removed ${describeIds(removed, guild)} from this server's ${kind}.` : `None of them was on this server's ${kind}.`);
}

async function localList(ctx: Context, kind: AccessListKind): Promise<void> {
  const guild = guildOf(ctx);
  const ids = await accessOf(ctx.client).list(kind, { guild: guild.id });
  await ctx.reply(ids.length > 0 ? `On this server's ${kind}: ${describeIds(ids, guild)}.` : `This server's ${kind} is empty.`);
}

async function localClear(ctx: Context, kind: AccessListKind): Promise<void> {
  const guild = guildOf(ctx);
  const count = await accessOf(ctx.client).clear(kind, { guild: guild.id });
  if (count > 0) await audit(ctx, `local${kind}.clear`, `cleared the server ${kind} (${count} entries)`);
  await ctx.reply(count > 0 ? `Cleared this server's ${kind} (${count} entries).` : `This server's ${kind} was already empty.`);
}

// ---- ignore / unignore (admins) ----------------------------------------------------------------------

/**
 * Whether a channel is one of `guild`'s. The text route's converter only finds this server's channels, but a
 * slash channel option resolves to any channel the client knows (and discord.js may file an unknown one under
 * the interaction's guild), so Discord is asked which server the channel belongs to.
 */
async function isChannelOf(guild: Guild, id: string): Promise<boolean> {
  const known = guild.client.channels.cache.get(id);
  if (known && 'guildId' in known && known.guildId !== guild.id) return false;
  try {
    const fetched = await guild.client.rest.get(Routes.channel(id));
    return (fetched as { guild_id?: string }).guild_id === guild.id;
  } catch {
    return false;
  }
}

async function setChannel(ctx: Context, channel: { id: string } | undefined, ignored: boolean): Promise<void> {
  const guild = guildOf(ctx);
  const target = channel ?? ctx.channel;
  if (!target) return ctx.reply('Name the channel to change.');
  if (channel && !(await isChannelOf(guild, channel.id))) return ctx.reply('`channel` must be a channel of this server.');
  const changed = await accessOf(ctx.client).setChannelIgnored(target.id, ignored);
  if (changed) await audit(ctx, ignored ? 'ignore.channel' : 'unignore.channel', `${ignored ? 'ignored' : 'stopped ignoring'} channel <#${target.id}> (${target.id})`);
  if (!changed) return ctx.reply(ignored ? `<#${target.id}> is already ignored.` : `<#${target.id}> was not ignored.`);
  await ctx.reply(ignored ? `Commands in <#${target.id}> will be ignored (admins and channel managers still pass).` : `<#${target.id}> is no longer ignored.`);
}

async function setServer(ctx: Context, ignored: boolean): Promise<void> {
  const guild = guildOf(ctx);
  const changed = await accessOf(ctx.client).setGuildIgnored(guild.id, ignored);
  if (changed) await audit(ctx, ignored ? 'ignore.server' : 'unignore.server', `${ignored ? 'ignored' : 'stopped ignoring'} this server`);
  if (!changed) return ctx.reply(ignored ? 'This server is already ignored.' : 'This server was not ignored.');
  await ctx.reply(ignored ? 'Commands in this server will be ignored (admins and server managers still pass).' : 'This server is no longer ignored.');
}

// ---- disabled commands and cogs ----------------------------------------------------------------------

/** Who a level is, for refusals. */
const NEEDED: Record<Privilege, string> = { none: 'anyone', mod: 'a mod', admin: 'an admin', guildOwner: 'the server owner', owner: 'a bot owner' };

/**
 * The first command in `command`'s subtree (itself, then its subcommands depth first) that needs more than
 * `held`, or undefined. Disabling a group disables everything under it, so the whole subtree counts.
 */
function aboveLevel(command: CommandSpec, held: Privilege): CommandSpec | undefined {
  if (!satisfies(held, command.privilege ?? 'none')) return command;
  for (const sub of command.subcommands) {
    const found = aboveLevel(sub, held);
    if (found) return found;
  }
  return undefined;
}

async function setCommand(ctx: Context, words: string, scope: AccessScope, disable: boolean): Promise<void> {
  const access = accessOf(ctx.client);
  const found = access.findCommand(words);
  if (!found) return ctx.reply(`There is no command ${inlineCode(words)}.`);
  const name = found.command.path.join(' ');
  if (disable && PROTECTED_COGS.has(found.cog)) return ctx.reply(`\`${name}\` belongs to the ${found.cog} cog, which manages the bot; it cannot be disabled.`);
  if ('guild' in scope) {
    // Red: a server's owner or admins may not turn off (or on) a command above their own level; here that
    // includes every subcommand of a group, which the group's disable covers too.
    const held = await servicesOf(ctx.client).privileges.privilegeOf(ctx.member ?? ctx.author, ctx.guild);
    const above = aboveLevel(found.command, held);
    if (above) {
      const verb = disable ? 'disable' : 'enable';
      const needs = NEEDED[above.privilege ?? 'none'];
      if (above === found.command) return ctx.reply(`You are not allowed to ${verb} \`${name}\`: it needs ${needs}.`);
      return ctx.reply(`You are not allowed to ${verb} \`${name}\`: its subcommand \`${above.path.join(' ')}\` needs ${needs}.`);
    }
  }
  const changed = disable ? await access.disableCommand(found.command.path, scope) : await access.enableCommand(found.command.path, scope);
  const where = 'global' in scope ? 'everywhere' : 'in this server';
  if (changed) await audit(ctx, disable ? 'command.disable' : 'command.enable', `${disable ? 'disabled' : 'enabled'} \`${name}\` ${where}`, 'global' in scope);
  if (!changed) return ctx.reply(disable ? `\`${name}\` is already disabled ${where}.` : `\`${name}\` was not disabled ${where}.`);
  await ctx.reply(`\`${name}\` is ${disable ? 'disabled' : 'enabled again'} ${where}.`);
}

async function setCog(ctx: Context, cogName: string, scope: AccessScope, disable: boolean): Promise<void> {
  const name = cogName.trim().toLowerCase();
  const known = accessOf(ctx.client).cogNames();
  if (!known.includes(name)) return ctx.reply(`There is no loaded cog ${inlineCode(name)}.`);
  if (disable && PROTECTED_COGS.has(name)) return ctx.reply(`The ${name} cog manages the bot; it cannot be disabled.`);
  const access = accessOf(ctx.client);
  const changed = disable ? await access.disableCog(name, scope) : await access.enableCog(name, scope);
  const where = 'global' in scope ? 'everywhere' : 'in this server';
  if (changed) await audit(ctx, disable ? 'cog.disable' : 'cog.enable', `${disable ? 'disabled' : 'enabled'} cog ${name} ${where}`, 'global' in scope);
  if (!changed) return ctx.reply(disable ? `The ${name} cog is already disabled ${where}.` : `The ${name} cog was not disabled ${where}.`);
  await ctx.reply(`The ${name} cog is ${disable ? 'disabled' : 'enabled again'} ${where}.`);
}

async function listDisabled(ctx: Context): Promise<void> {
  const access = accessOf(ctx.client);
  const show = (list: string[]) => (list.length > 0 ? list.map((n) => `\`${n}\``).join(', ') : 'none');
  const lines = [`Disabled everywhere: commands ${show(await access.disabledCommands(GLOBAL))}; cogs ${show(await access.disabledCogs(GLOBAL))}.`];
  if (ctx.guild) {
    const here = { guild: ctx.guild.id };
    lines.push(`Disabled in this server: commands ${show(await access.disabledCommands(here))}; cogs ${show(await access.disabledCogs(here))}.`);
  }
  await ctx.reply(lines.join('\n'));
}

// ---- audit log ---------------------------------------------------------------------------------------

async function showAudit(ctx: Context, guildId: string | null, count: number | undefined): Promise<void> {
  const entries = await readAudit(ctx.client, { guildId, limit: count ?? 10 });
  if (entries.length === 0) return ctx.reply('No changes recorded yet.');
  const title = guildId ? "This server's audit log, newest first:" : 'The bot-wide audit log, newest first:';
  await ctx.sendInteractive([title, ...entries.map(formatAuditEntry)].join('\n'));
}

export default {
  commands: {
    allowlistAdd: (ctx, { users }) => globalAdd(ctx, 'allowlist', users),
    allowlistRemove: (ctx, { users }) => globalRemove(ctx, 'allowlist', users),
    allowlistList: (ctx) => globalList(ctx, 'allowlist'),
    allowlistClear: (ctx) => globalClear(ctx, 'allowlist'),
    blocklistAdd: (ctx, { users }) => globalAdd(ctx, 'blocklist', users),
    blocklistRemove: (ctx, { users }) => globalRemove(ctx, 'blocklist', users),
    blocklistList: (ctx) => globalList(ctx, 'blocklist'),
    blocklistClear: (ctx) => globalClear(ctx, 'blocklist'),
    localallowlistAdd: (ctx, { targets }) => localAdd(ctx, 'allowlist', targets),
    localallowlistRemove: (ctx, { targets }) => localRemove(ctx, 'allowlist', targets),
    localallowlistList: (ctx) => localList(ctx, 'allowlist'),
    localallowlistClear: (ctx) => localClear(ctx, 'allowlist'),
    localblocklistAdd: (ctx, { targets }) => localAdd(ctx, 'blocklist', targets),
    localblocklistRemove: (ctx, { targets }) => localRemove(ctx, 'blocklist', targets),
    localblocklistList: (ctx) => localList(ctx, 'blocklist'),
    localblocklistClear: (ctx) => localClear(ctx, 'blocklist'),
    ignoreChannel: (ctx, { channel }) => setChannel(ctx, channel, true),
    ignoreServer: (ctx) => setServer(ctx, true),
    ignoreList: async (ctx) => {
      const guild = guildOf(ctx);
      const access = accessOf(ctx.client);
      const ignored: string[] = [];
      for (const channel of guild.channels.cache.values()) if (await access.channelIgnored(channel.id)) ignored.push(`<#${channel.id}>`);
      const server = (await access.guildIgnored(guild.id)) ? 'This server is ignored.' : 'This server is not ignored.';
      await ctx.reply(`${server}\nIgnored channels: ${ignored.length > 0 ? ignored.join(', ') : 'none'}.`);
    },
    unignoreChannel: (ctx, { channel }) => setChannel(ctx, channel, false),
    unignoreServer: (ctx) => setServer(ctx, false),
    commandDisableGlobal: (ctx, { command }) => setCommand(ctx, command, GLOBAL, true),
    commandDisableServer: (ctx, { command }) => setCommand(ctx, command, { guild: guildOf(ctx).id }, true),
    commandEnableGlobal: (ctx, { command }) => setCommand(ctx, command, GLOBAL, false),
    commandEnableServer: (ctx, { command }) => setCommand(ctx, command, { guild: guildOf(ctx).id }, false),
    commandDisablecog: (ctx, { cog }) => setCog(ctx, cog, { guild: guildOf(ctx).id }, true),
    commandEnablecog: (ctx, { cog }) => setCog(ctx, cog, { guild: guildOf(ctx).id }, false),
    commandDefaultdisablecog: (ctx, { cog }) => setCog(ctx, cog, GLOBAL, true),
    commandDefaultenablecog: (ctx, { cog }) => setCog(ctx, cog, GLOBAL, false),
    commandListdisabled: (ctx) => listDisabled(ctx),
    auditlogServer: (ctx, { count }) => showAudit(ctx, guildOf(ctx).id, count),
    auditlogGlobal: (ctx, { count }) => showAudit(ctx, null, count),
  },
  // The ids on the lists and in the audit log are kept against abuse on the user's own and the owner's
  // requests (runtime/gdpr/requests.ts allows that); an account Discord reports deleted no longer belongs to
  // anyone, so its id goes from every list and is replaced in the audit log.
  async onDeleteUserData(cog, { userId, requester }) {
    if (requester !== 'discord_deleted_user') return;
    await accessOf(cog.client).forgetUser(userId);
    await auditLogOf(cog.client).forgetUser(userId);
  },
} satisfies AccessCog;
