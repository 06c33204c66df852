/**
 * The REST routes a bot uses, answered like Discord: gateway, users, applications and commands, guilds,
 * channels and messages, reactions, typing, DMs, interaction callbacks and interaction webhooks.
 * Permissions are checked for the bot with Discord's algorithm: VIEW_CHANNEL (else 50001 Missing Access),
 * SEND_MESSAGES / ATTACH_FILES / READ_MESSAGE_HISTORY for replies, ADD_REACTIONS for a new reaction and
 * READ_MESSAGE_HISTORY for any reaction, MANAGE_MESSAGES to delete others' messages (else 50013).
 */
import type { APIMessage } from 'discord.js';
import { PermissionFlagsBits } from 'discord.js';
import type { CommandRegistry } from '../commands.js';
import type { SimCore } from '../core.js';
import type { InteractionService } from '../interactions.js';
import type { MessageBody, MessageService } from '../messages.js';
import { apiChannel, apiGuild, apiMember, apiRole, apiUser } from '../payloads.js';
import { isTextBased, type ChannelRecord } from '../state.js';
import { DiscordApiError, type RestRequest, type Router } from './router.js';

export interface RouteContext {
  core: SimCore;
  messages: MessageService;
  commands: CommandRegistry;
  interactions: InteractionService;
  gatewayUrl: () => string;
  /** The shard count `/gateway/bot` recommends (it may follow the guild count). */
  recommendedShards: () => number;
  /** `session_start_limit.max_concurrency`: how many shards may identify at once. */
  maxConcurrency: number;
  application: () => Record<string, unknown>;
}

/** How long Discord holds a nonce sent with `enforce_nonce` ("the past few minutes"; 5 here). */
export const NONCE_WINDOW_MS = 5 * 60_000;

const pick = <T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> => Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;

const ok = (body?: unknown) => ({ status: body === undefined ? 204 : 200, body });

/** Registers every simulated route on the router. */
export function registerRoutes(router: Router, ctx: RouteContext): void {
  const { core, messages, commands, interactions } = ctx;
  const { state } = core;
  const bot = () => core.botUserId;

  const textChannel = (id: string): ChannelRecord => {
    const channel = state.channel(id);
    if (!isTextBased(channel.type)) throw new DiscordApiError(400, 50008, 'Cannot send messages in a non-text channel');
    return channel;
  };
  const need = (channel: ChannelRecord, bits: bigint) => {
    const perms = state.permissionsIn(channel, bot());
    if (!(perms & PermissionFlagsBits.ViewChannel)) throw DiscordApiError.missingAccess();
    if ((perms & bits) !== bits) throw DiscordApiError.missingPermissions();
  };
  // Nonces sent with enforce_nonce, by channel: the message each created and when.
  const nonces = new Map<string, { messageId: string; at: number }>();
  const remember = (key: string, messageId: string) => {
    const now = Date.now();
    for (const [k, v] of nonces) {
      if (now - v.at < NONCE_WINDOW_MS) break;
      nonces.delete(k);
    }
    nonces.set(key, { messageId, at: now });
  };
  const appId = (req: RestRequest) => {
    if (req.params.id !== core.applicationId) throw new DiscordApiError(403, 50001, 'Missing Access');
  };

  router
    .add('GET', '/gateway', () => ok({ url: ctx.gatewayUrl() }), { auth: false })
    .add('GET', '/gateway/bot', () =>
      ok({ url: ctx.gatewayUrl(), shards: ctx.recommendedShards(), session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: ctx.maxConcurrency } }),
    )
    .add('GET', '/users/@me', () => ok({ ...apiUser(state.user(bot())), verified: true, mfa_enabled: false, locale: 'en-US' }))
    .add('GET', '/users/:id', (req) => ok(apiUser(state.user(req.params.id!))))
    .add('POST', '/users/@me/channels', (req) => {
      const recipient = (req.body as { recipient_id?: unknown } | undefined)?.recipient_id;
      if (typeof recipient !== 'string') throw DiscordApiError.invalidForm('recipient_id', 'BASE_TYPE_REQUIRED', 'This field is required');
      return ok(apiChannel(state.dmChannel(recipient), state));
    })
    // The bot's guilds as partial guilds, by id, a page at a time (limit 1-200, default 200; before or after an id).
    .add('GET', '/users/@me/guilds', (req) => {
      const limit = Number(req.query.get('limit') ?? 200);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw DiscordApiError.invalidForm('limit', 'NUMBER_TYPE_MAX', 'int value should be between 1 and 200');
      const before = req.query.get('before');
      const after = req.query.get('after');
      let list = [...state.guilds.values()].filter((g) => g.members.has(bot())).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      if (after) list = list.filter((g) => BigInt(g.id) > BigInt(after)).slice(0, limit);
      else if (before) list = list.filter((g) => BigInt(g.id) < BigInt(before)).slice(-limit);
      else list = list.slice(0, limit);
      const counts = req.query.get('with_counts') === 'true';
      return ok(
        list.map((g) => ({
          ...pick(apiGuild(g), ['id', 'name', 'icon', 'banner', 'features']),
          owner: g.ownerId === bot(),
          permissions: String(state.guildPermissions(g, bot())),
          ...(counts ? { approximate_member_count: g.members.size, approximate_presence_count: 0 } : {}),
        })),
      );
    })
    .add('GET', '/applications/@me', () => ok(ctx.application()))
    .add('GET', '/oauth2/applications/@me', () => ok(ctx.application()))
    // The bot leaves a guild: it is no longer a member, and its sessions get GUILD_DELETE (not unavailable).
    .add('DELETE', '/users/@me/guilds/:id', (req) => {
      const guild = state.guild(req.params.id!);
      if (!guild.members.has(bot())) throw new DiscordApiError(404, 10004, 'Unknown Guild');
      guild.members.delete(bot());
      core.gateway.dispatch('GUILD_DELETE', guild.id, () => ({ id: guild.id }));
      return ok();
    });

  // Application commands, global and per guild.
  for (const [prefix, scope] of [
    ['/applications/:id/commands', (_req: RestRequest) => null],
    ['/applications/:id/guilds/:guild/commands', (req: RestRequest) => state.guild(req.params.guild!).id],
  ] as const) {
    router
      .add('GET', prefix, (req) => (appId(req), ok([...commands.scope(scope(req)).values()])))
      .add('PUT', prefix, (req) => {
        appId(req);
        const list = commands.overwrite(scope(req), req.body);
        core.events.emit('commandsChanged');
        return ok(list);
      })
      .add('POST', prefix, (req) => {
        appId(req);
        const { command, created } = commands.upsert(scope(req), req.body);
        core.events.emit('commandsChanged');
        return { status: created ? 201 : 200, body: command };
      })
      .add('GET', `${prefix}/:command`, (req) => {
        appId(req);
        const command = commands.scope(scope(req)).get(req.params.command!);
        if (!command) throw new DiscordApiError(404, 10063, 'Unknown application command');
        return ok(command);
      })
      .add('PATCH', `${prefix}/:command`, (req) => {
        appId(req);
        const command = commands.edit(scope(req), req.params.command!, req.body);
        core.events.emit('commandsChanged');
        return ok(command);
      })
      .add('DELETE', `${prefix}/:command`, (req) => {
        appId(req);
        if (!commands.scope(scope(req)).delete(req.params.command!)) throw new DiscordApiError(404, 10063, 'Unknown application command');
        core.events.emit('commandsChanged');
        return ok();
      });
  }

  // Guilds.
  const memberGuild = (id: string) => {
    const guild = state.guild(id);
    if (!guild.members.has(bot())) throw new DiscordApiError(404, 10004, 'Unknown Guild');
    return guild;
  };
  router
    .add('GET', '/guilds/:id', (req) => ok(apiGuild(memberGuild(req.params.id!))))
    .add('GET', '/guilds/:id/channels', (req) => ok([...memberGuild(req.params.id!).channels.values()].map((c) => apiChannel(c, state))))
    .add('GET', '/guilds/:id/roles', (req) => ok([...memberGuild(req.params.id!).roles.values()].map(apiRole)))
    .add('GET', '/guilds/:id/members/:user', (req) => ok(apiMember(state.member(memberGuild(req.params.id!).id, req.params.user!), state)))
    .add('GET', '/guilds/:id/members', (req) => {
      const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 1), 1), 1000);
      const after = BigInt(req.query.get('after') ?? '0');
      const list = [...memberGuild(req.params.id!).members.values()].filter((m) => BigInt(m.userId) > after).sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1));
      return ok(list.slice(0, limit).map((m) => apiMember(m, state)));
    });

  // Channels and messages.
  router
    .add('GET', '/channels/:id', (req) => {
      const channel = state.channel(req.params.id!);
      need(channel, 0n);
      return ok(apiChannel(channel, state));
    })
    .add('GET', '/channels/:id/messages', (req) => {
      const channel = textChannel(req.params.id!);
      need(channel, 0n);
      if (!(state.permissionsIn(channel, bot()) & PermissionFlagsBits.ReadMessageHistory)) return ok([]);
      return ok(pageMessages(state.messagesIn(channel.id), req.query));
    })
    .add('POST', '/channels/:id/messages', (req) => {
      const channel = textChannel(req.params.id!);
      const body = (req.body ?? {}) as MessageBody;
      let bits = PermissionFlagsBits.SendMessages;
      if (req.files.length) bits |= PermissionFlagsBits.AttachFiles;
      if (body.message_reference) bits |= PermissionFlagsBits.ReadMessageHistory;
      need(channel, bits);
      // enforce_nonce: a nonce the bot already used here in the last few minutes returns that message, no second one.
      const nonce = body.enforce_nonce === true && (typeof body.nonce === 'string' || typeof body.nonce === 'number') ? `${channel.id}:${String(body.nonce)}` : null;
      const earlier = nonce ? nonces.get(nonce) : undefined;
      if (earlier && Date.now() - earlier.at < NONCE_WINDOW_MS && state.messages.has(earlier.messageId)) return ok(state.message(channel.id, earlier.messageId));
      const message = messages.create(channel, bot(), body, req.files);
      if (nonce) remember(nonce, message.id);
      return ok(message);
    })
    .add('GET', '/channels/:id/messages/:message', (req) => {
      const channel = state.channel(req.params.id!);
      need(channel, PermissionFlagsBits.ReadMessageHistory);
      return ok(state.message(channel.id, req.params.message!));
    })
    .add('PATCH', '/channels/:id/messages/:message', (req) => {
      const channel = state.channel(req.params.id!);
      need(channel, 0n);
      const message = state.message(channel.id, req.params.message!);
      if (message.author.id !== bot()) throw new DiscordApiError(403, 50005, 'Cannot edit a message authored by another user');
      return ok(messages.edit(message, (req.body ?? {}) as MessageBody, req.files));
    })
    .add('DELETE', '/channels/:id/messages/:message', (req) => {
      const channel = state.channel(req.params.id!);
      const message = state.message(channel.id, req.params.message!);
      need(channel, message.author.id === bot() ? 0n : PermissionFlagsBits.ManageMessages);
      messages.delete(message);
      return ok();
    })
    .add('PUT', '/channels/:id/messages/:message/reactions/:emoji/@me', (req) => {
      const channel = state.channel(req.params.id!);
      const message = reactable(channel, req.params.message!);
      const isNew = !messages.hasReaction(message, req.params.emoji!);
      need(channel, PermissionFlagsBits.ReadMessageHistory | (isNew ? PermissionFlagsBits.AddReactions : 0n));
      messages.addReaction(message, bot(), req.params.emoji!);
      return ok();
    })
    .add('DELETE', '/channels/:id/messages/:message/reactions/:emoji/@me', (req) => {
      const channel = state.channel(req.params.id!);
      const message = reactable(channel, req.params.message!);
      need(channel, PermissionFlagsBits.ReadMessageHistory);
      messages.removeReaction(message, bot(), req.params.emoji!);
      return ok();
    })
    .add('GET', '/channels/:id/messages/:message/reactions/:emoji', (req) => {
      const channel = state.channel(req.params.id!);
      const message = reactable(channel, req.params.message!);
      need(channel, PermissionFlagsBits.ReadMessageHistory);
      return ok(messages.reactionUsers(message, req.params.emoji!).map((id) => apiUser(state.user(id))));
    })
    .add('POST', '/channels/:id/typing', (req) => {
      const channel = textChannel(req.params.id!);
      need(channel, PermissionFlagsBits.SendMessages);
      return ok();
    });

  function reactable(channel: ChannelRecord, messageId: string): APIMessage {
    return state.message(channel.id, messageId);
  }

  // Interactions: the callback and the interaction webhook (no bot token, as Discord).
  const noAuth = { auth: false };
  router
    .add('POST', '/interactions/:id/:token/callback', (req) => ok(interactions.callback(req.params.id!, req.params.token!, req.body, req.query.get('with_response') === 'true')), noAuth)
    .add('POST', '/webhooks/:id/:token', (req) => {
      const interaction = interactions.byWebhook(req.params.id!, req.params.token!);
      const message = interactions.followUp(interaction, req.body, req.files);
      // Without ?wait=true Discord answers 204, as for any webhook execution.
      return req.query.get('wait') === 'true' ? ok(message) : ok();
    }, noAuth)
    .add('GET', '/webhooks/:id/:token/messages/:message', (req) => ok(interactions.responseMessage(interactions.byWebhook(req.params.id!, req.params.token!), req.params.message!)), noAuth)
    .add('PATCH', '/webhooks/:id/:token/messages/:message', (req) => {
      const interaction = interactions.byWebhook(req.params.id!, req.params.token!);
      return ok(interactions.editResponse(interaction, req.params.message!, req.body, req.files));
    }, noAuth)
    .add('DELETE', '/webhooks/:id/:token/messages/:message', (req) => {
      const interaction = interactions.byWebhook(req.params.id!, req.params.token!);
      messages.delete(interactions.responseMessage(interaction, req.params.message!));
      return ok();
    }, noAuth);
}

/** Discord's message paging: newest first, `limit` 1..100 (default 50), `before` / `after` / `around`. */
function pageMessages(all: APIMessage[], query: URLSearchParams): APIMessage[] {
  const limit = Math.min(Math.max(Number(query.get('limit') ?? 50) || 50, 1), 100);
  const before = query.get('before');
  const after = query.get('after');
  const around = query.get('around');
  const newestFirst = [...all].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  if (before) return newestFirst.filter((m) => BigInt(m.id) < BigInt(before)).slice(0, limit);
  if (after) return newestFirst.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
  if (around) {
    const index = newestFirst.findIndex((m) => BigInt(m.id) <= BigInt(around));
    const start = Math.max(0, (index === -1 ? newestFirst.length : index) - Math.floor(limit / 2));
    return newestFirst.slice(start, start + limit);
  }
  return newestFirst.slice(0, limit);
}
