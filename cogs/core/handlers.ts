/**
 * Handlers of the `core` cog: managing cogs, prefixes, admin and mod roles, embeds and the process. The work
 * is done by the runtime (runtime/core, runtime/permissions), reached through `coreServicesOf(ctx.client)`
 * and `servicesOf(ctx.client)`; these handlers check the input and talk to the user.
 */
import { hostname } from 'node:os';
import { OAuth2Scopes, version as discordJsVersion, type Guild, type Role } from 'discord.js';
import type { CoreCog } from '../../generated/cogs/core/index.js';
import { CheckFailure } from '../../runtime/commands/check-failure.js';
import { GUILD_ONLY_MESSAGE } from '../../runtime/commands/guild-only.js';
import { PrefixError } from '../../runtime/core/prefixes.js';
import { coreServicesOf } from '../../runtime/core/services.js';
import { redact } from '../../runtime/logging.js';
import { inlineCode, plain } from '../../runtime/support/markdown.js';
import { auditLogOf } from '../../runtime/permissions/audit-log.js';
import type { PrivilegeRoleKind } from '../../runtime/permissions/roles.js';
import { servicesOf } from '../../runtime/services.js';
import { shardTable } from '../../runtime/shards/health.js';
import { fleetTable, unhealthyShards, type ServerCount } from '../../runtime/shards/cross-shard.js';
import { codeBlock, MESSAGE_LIMIT, tablePages } from '../../runtime/support/text-table.js';
import { audit } from './audit.js';
import { describeCogs, describeInventory, manageCogs } from './cog-commands.js';

type Ctx = Parameters<CoreCog['commands']['info']>[0];

/**
 * The invocation's guild. A safety net: the manifest marks the server-scope commands `guildOnly`, which the
 * runtime refuses in DMs before any check.
 */
function guildOf(ctx: Ctx): Guild {
  if (!ctx.guild) throw new CheckFailure(GUILD_ONLY_MESSAGE);
  return ctx.guild;
}

/** A name or text safe inside backticks (one line). */
function code(text: string): string {
  return inlineCode(text, 200);
}

function formatDuration(ms: number): string {
  const parts: string[] = [];
  let seconds = Math.floor(ms / 1000);
  for (const [unit, size] of [['day', 86_400], ['hour', 3600], ['minute', 60], ['second', 1]] as const) {
    const n = Math.floor(seconds / size);
    seconds -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.length ? parts.join(', ') : 'less than a second';
}

async function privilegeRole(ctx: Ctx, kind: PrivilegeRoleKind, action: 'add' | 'remove', role: Role): Promise<void> {
  const guild = guildOf(ctx);
  const { id: roleId, name: roleName } = role;
  const roles = servicesOf(ctx.client).privileges.roles;
  const changed = action === 'add' ? await roles.add(kind, guild.id, roleId) : await roles.remove(kind, guild.id, roleId);
  const what = kind === 'admin' ? 'an admin role' : 'a mod role';
  if (!changed) {
    await ctx.reply({ content: `${code(roleName)} ${action === 'add' ? 'is already' : 'is not'} ${what}.`, ephemeral: true });
    return;
  }
  await audit(ctx.client, { actorId: ctx.author.id, guildId: guild.id, action: `${kind}role.${action}`, detail: `${action === 'add' ? 'added' : 'removed'} ${kind} role ${plain(roleName.replace(/[()]/g, ''))} (${roleId})` });
  await ctx.reply({ content: `${code(roleName)} ${action === 'add' ? 'is now' : 'is no longer'} ${what}.`, ephemeral: true });
}

async function setPrefixes(ctx: Ctx, apply: () => Promise<string[]>, done: (prefixes: string[]) => string): Promise<void> {
  try {
    const prefixes = await apply();
    await ctx.reply({ content: done(prefixes), ephemeral: true });
  } catch (error) {
    if (error instanceof PrefixError) {
      await ctx.reply({ content: error.message, ephemeral: true });
      return;
    }
    throw error;
  }
}

function storeOf(ctx: Ctx) {
  const store = coreServicesOf(ctx.client).prefixes();
  if (!store) throw new Error('Prefixes need storage: the bot has not started.');
  return store;
}

function settingsOf(ctx: Ctx) {
  const settings = coreServicesOf(ctx.client).settings();
  if (!settings) throw new Error('Embed settings need storage: the bot has not started.');
  return settings;
}

/** The server count of `info`: exact from this process or the shard status table, else Discord's approximate figure. */
const serverCountText = ({ count, source }: ServerCount) => (count === null ? 'unknown' : source === 'discord' ? `about ${count}` : String(count));

const onOff = (value: boolean | null | undefined) => (value === null || value === undefined ? 'not set' : value ? 'on' : 'off');

export default {
  commands: {
    load: async (ctx, { cogs }) => {
      await ctx.reply(await manageCogs(coreServicesOf(ctx.client), 'load', cogs));
    },
    unload: async (ctx, { cogs }) => {
      await ctx.reply(await manageCogs(coreServicesOf(ctx.client), 'unload', cogs));
    },
    reload: async (ctx, { cogs }) => {
      await ctx.reply(await manageCogs(coreServicesOf(ctx.client), 'reload', cogs));
    },
    debuginfo: async (ctx) => {
      const memory = process.memoryUsage();
      const text = describeInventory(coreServicesOf(ctx.client).inventory(), { uptimeMs: process.uptime() * 1000, heapUsedBytes: memory.heapUsed, rssBytes: memory.rss, node: process.version });
      await ctx.sendInteractive(text);
    },
    cogs: async (ctx) => {
      await ctx.reply(describeCogs(coreServicesOf(ctx.client)));
    },
    setPrefix: async (ctx, { prefixes }) => {
      await setPrefixes(
        ctx,
        async () => {
          const set = await storeOf(ctx).setGlobal(prefixes);
          await audit(ctx.client, { actorId: ctx.author.id, guildId: null, action: 'prefix.set', detail: `set the global prefixes to ${set.map(code).join(' ')}` });
          return set;
        },
        (set) => `Prefixes set: ${set.map(code).join(', ')}.`,
      );
    },
    setServerprefix: async (ctx, { prefixes }) => {
      const guild = guildOf(ctx);
      await setPrefixes(
        ctx,
        async () => {
          const set = await storeOf(ctx).setGuild(guild.id, prefixes ?? []);
          const detail = set.length ? `set this server's prefixes to ${set.map(code).join(' ')}` : "reset this server's prefixes to the bot's";
          await audit(ctx.client, { actorId: ctx.author.id, guildId: guild.id, action: 'serverprefix.set', detail });
          return set;
        },
        (set) => (set.length ? `Server prefixes set: ${set.map(code).join(', ')}.` : "This server uses the bot's prefixes again."),
      );
    },
    setAdminroleAdd: async (ctx, { role }) => privilegeRole(ctx, 'admin', 'add', role),
    setAdminroleRemove: async (ctx, { role }) => privilegeRole(ctx, 'admin', 'remove', role),
    setModroleAdd: async (ctx, { role }) => privilegeRole(ctx, 'mod', 'add', role),
    setModroleRemove: async (ctx, { role }) => privilegeRole(ctx, 'mod', 'remove', role),
    embedsetShowsettings: async (ctx) => {
      const { config } = settingsOf(ctx);
      const lines = [`Global: ${onOff((await config.global.getAttr('embeds')()) as boolean | null)}`];
      if (ctx.guild) lines.push(`Server: ${onOff((await config.guildFromId(ctx.guild.id).getAttr('embeds')()) as boolean | null)}`);
      if (ctx.guild && ctx.channel) lines.push(`Channel: ${onOff((await config.channel(ctx.channel.id).getAttr('embeds')()) as boolean | null)}`);
      lines.push(`Embeds are ${(await ctx.embedRequested()) ? 'used' : 'not used'} here.`);
      await ctx.reply({ content: lines.join('\n'), ephemeral: true });
    },
    embedsetGlobal: async (ctx, { enabled }) => {
      await settingsOf(ctx).setEmbeds({ global: true }, enabled);
      await ctx.reply({ content: `Embeds are now ${enabled ? 'on' : 'off'} globally.`, ephemeral: true });
    },
    embedsetServer: async (ctx, { enabled }) => {
      const guild = guildOf(ctx);
      await settingsOf(ctx).setEmbeds({ guild: guild.id }, enabled ?? null);
      await ctx.reply({ content: enabled === undefined ? 'This server follows the global embed setting again.' : `Embeds are now ${enabled ? 'on' : 'off'} in this server.`, ephemeral: true });
    },
    embedsetChannel: async (ctx, { enabled }) => {
      guildOf(ctx);
      await settingsOf(ctx).setEmbeds({ channel: ctx.channel!.id }, enabled ?? null);
      await ctx.reply({ content: enabled === undefined ? 'This channel follows the server embed setting again.' : `Embeds are now ${enabled ? 'on' : 'off'} in this channel.`, ephemeral: true });
    },
    info: async (ctx) => {
      const core = coreServicesOf(ctx.client);
      const since = core.readyAt();
      const lines = [
        `**${plain(ctx.client.user?.username ?? 'This bot')}** runs on Cogsmith (discord.js ${discordJsVersion}, Node.js ${process.versions.node}).`,
        `Servers: ${serverCountText(await core.crossShard().serverCount())}. Cogs loaded: ${core.loaded().length}.`,
        since === null ? 'Starting.' : `Up for ${formatDuration(Date.now() - since)}.`,
        'Ask `mydata 3rdparty` what each cog keeps about you.',
      ];
      await ctx.reply(lines.join('\n'));
    },
    shards: async (ctx) => {
      const core = coreServicesOf(ctx.client);
      const rows = core.shards();
      const unhealthy = rows.filter((r) => r.problems.length > 0).length;
      const local = `${rows.length} shard(s) in this process${unhealthy ? `, ${unhealthy} unhealthy` : ', all healthy'}.`;
      const fleet = await core.crossShard().shards();
      if (!fleet) {
        await ctx.reply({ content: `${local}\n${codeBlock(shardTable(rows))}`, ephemeral: true });
        return;
      }
      // On PostgreSQL: every shard of the bot from the shard status table, then this process's details.
      const bad = unhealthyShards(fleet);
      const summary = `${fleet.length} shard(s) in all${bad ? `, ${bad} unhealthy, stopped or not reporting` : ', all reporting and healthy'}.`;
      const pages = tablePages(summary, fleetTable(fleet));
      const details = `This process (${plain(hostname())}:${process.pid}): ${local}\n${codeBlock(shardTable(rows))}`;
      const last = `${pages.at(-1)!}\n${details}`;
      if (pages.length === 1 && last.length <= MESSAGE_LIMIT) await ctx.reply({ content: last, ephemeral: true });
      else await ctx.paginate([...pages, details], { ephemeral: true });
    },
    uptime: async (ctx) => {
      const since = coreServicesOf(ctx.client).readyAt();
      await ctx.reply(since === null ? 'The bot is still starting.' : `Up for ${formatDuration(Date.now() - since)} (since <t:${Math.floor(since / 1000)}:f>).`);
    },
    invite: async (ctx) => {
      // Built locally by discord.js from the application id: no request, no permissions asked by default.
      const url = ctx.client.generateInvite({ scopes: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] });
      await ctx.reply({ content: `Invite me with: <${url}>`, ephemeral: true });
    },
    servers: async (ctx) => {
      const { servers, complete } = await coreServicesOf(ctx.client).crossShard().servers();
      const lines = servers.map((g) => `${plain(g.name)} (${g.id})`);
      const head = complete ? `In ${servers.length} server(s):` : `In more than ${servers.length} server(s); the ${servers.length} with the lowest ids:`;
      const text = `${head}\n${lines.join('\n')}`;
      await ctx.reply({ content: text.length > 1900 ? `${text.slice(0, 1900)}\n…` : text, ephemeral: true });
    },
    leave: async (ctx, { server }) => {
      // Any server the bot is in, also one on a shard another process runs (runtime/shards/cross-shard.ts).
      const crossShard = coreServicesOf(ctx.client).crossShard();
      const guild = await crossShard.server(server);
      if (!guild) {
        await ctx.reply({ content: `I am not in a server with the id ${code(server)}.`, ephemeral: true });
        return;
      }
      // Answer first: leaving the guild the command came from removes the channel to answer in.
      await ctx.reply({ content: `Leaving ${code(guild.name)}.`, ephemeral: true });
      await crossShard.leave(guild);
    },
    contact: async (ctx, { message }) => {
      const owners = [...(await servicesOf(ctx.client).privileges.owners.ids())];
      const from = `${plain(ctx.author.username)} (${ctx.author.id})${ctx.guild ? ` in ${plain(ctx.guild.name)} (${ctx.guild.id})` : ' in DMs'}`;
      let sent = 0;
      for (const id of owners) {
        try {
          const owner = await ctx.client.users.fetch(id);
          // Nobody is pinged by what a user writes to the owners.
          await owner.send({ content: `Message from ${from}:\n${message}`, allowedMentions: { parse: [] } });
          sent += 1;
        } catch (error) {
          ctx.logger.warn(`contact: could not message owner ${id}`, { error });
        }
      }
      await ctx.reply({ content: sent > 0 ? 'Your message was sent to the bot owners.' : 'Your message could not be delivered to any owner.', ephemeral: true });
    },
    traceback: async (ctx, { id }) => {
      const core = coreServicesOf(ctx.client);
      const record = id ? core.error(id.trim()) : core.recentErrors(1)[0];
      if (!record) {
        await ctx.reply({ content: id ? `No recent error has the id ${code(id)}.` : 'No error has been recorded.', ephemeral: true });
        return;
      }
      const error = record.error;
      // The error log keeps errors redacted; the text is redacted once more (before it is cut), as every output is.
      const stack = redact(error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error));
      const at = (date: Date, style: string) => `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
      const repeats = record.count > 1 ? ` (${record.count} times since ${at(record.firstSeen, 'f')}, last ${at(record.lastSeen, 'R')})` : '';
      const body = `Error ${code(record.id)} in ${record.where} at ${at(record.time, 'f')}${repeats}:\n\`\`\`\n${stack.replace(/```/g, "'''").slice(0, 1600)}\n\`\`\``;
      if (ctx.kind === 'slash' || !ctx.guild) {
        await ctx.reply({ content: body, ephemeral: true });
        return;
      }
      // A traceback names files and values: sent privately, as Red does.
      await ctx.author.send({ content: body, allowedMentions: { parse: [] } });
      await ctx.reply('I sent you the traceback in a direct message.');
    },
    shutdown: async (ctx) => {
      await ctx.reply('Shutting down.');
      coreServicesOf(ctx.client).requestExit('shutdown');
    },
    restart: async (ctx) => {
      await ctx.reply('Restarting.');
      coreServicesOf(ctx.client).requestExit('restart');
    },
  },
  // The audit entries of core commands name who made them; an account Discord reports deleted no longer
  // belongs to anyone, so its id is replaced there (other requests keep it, as the access cog does).
  async onDeleteUserData(cog, { userId, requester }) {
    if (requester !== 'discord_deleted_user') return;
    const log = servicesOf(cog.client).audit;
    if (log) await log.forgetUser(userId);
    else {
      const settings = coreServicesOf(cog.client).settings();
      if (settings) await auditLogOf(settings.config).forgetUser(userId);
    }
  },
} satisfies CoreCog;
