/**
 * The Discord simulator: a fake Discord on 127.0.0.1 (REST + gateway on one port) that the unmodified
 * discord.js Client talks to, plus the helpers tests use to act as members and observe the bot.
 *
 * Decisions:
 * - One port serves REST under `/api/v10` (and `/api`) and the gateway WebSocket on `/` or `/gateway`.
 * - The bot is a member of every guild created here, with a managed role carrying `botPermissions`.
 * - "Members" act through the simulator directly (say, runSlash, react); only the bot uses REST.
 * - `waitForMessage` looks at messages newer than the latest member action (say / runSlash / react /
 *   sayInDM), so a reply that arrives before the wait starts is still found; pass `after` to choose.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { APIApplicationCommand, APIMessage, APIUser } from 'discord.js';
import { PermissionFlagsBits } from 'discord.js';
import { waitForAutocomplete } from './autocomplete.js';
import { CommandRegistry } from './commands.js';
import { BotMessageHooks, type BotMessageHook } from './bot-message-hooks.js';
import { buildButtonInteraction } from './components.js';
import { buildSelectInteraction, type SelectValue } from './select-menus.js';
import { SimEvents, type SimCore } from './core.js';
import { GatewayServer, PRIVILEGED_INTENTS, type GatewayLogEntry, type GatewaySession } from './gateway.js';
import { channelId, userId, type ChannelRef, type GuildHandle, type MemberHandle, type RoleHandle, type UserHandle, type UserRef } from './handles.js';
import { InteractionService, type RunSlashOptions, type SimInteraction, type SlashOptionValue } from './interactions.js';
import { MessageService, type MessageBody } from './messages.js';
import { apiGuildCreate, apiMember, apiUser } from './payloads.js';
import { missingPermissionNames } from './permissions.js';
import { registerRoutes } from './rest/routes.js';
import { RestFaults } from './rest/faults.js';
import { RestRateLimits, restRateStats, type RestRateLimitOptions, type RestRateStats } from './rest/rate-limits.js';
import { Router } from './rest/router.js';
import { startRestServer, type RecordedRequest } from './rest/server.js';
import { SimState } from './state.js';
import { waitForInteractionResponse, waitForMessage, type InteractionReply, type ObserveContext, type WaitForMessageOptions } from './observe.js';
import { SimulatorTimeoutError, waitUntil } from './waiters.js';
import type { GenerateGuildsOptions } from './generated-guilds.js';
import { World, type GeneratedGuilds, type GuildInput, type MemberInput, type OverwriteInput, type PermissionsInput } from './world.js';

export interface SimulatorOptions {
  /**
   * Shard count recommended by `GET /gateway/bot`. Default: derived from the guild count as Discord does,
   * one shard per `guildsPerShard` guilds (at least one). Clients may still choose their own.
   */
  shards?: number;
  /** Guilds per recommended shard when `shards` is not given (default 1000, Discord's rough figure). */
  guildsPerShard?: number;
  /**
   * Enforce Discord's identify limit: one IDENTIFY per `maxConcurrency` bucket (`shard_id % max_concurrency`)
   * per 5 s, answering one too soon with op 9 (gateway.ts, IdentifyLimit). Default off, so a test suite may
   * start bot after bot on one simulator at once; on for tests of identify timing and of many shards.
   */
  enforceIdentifyLimit?: boolean;
  /**
   * Keep each dispatch's data in `gatewayLog` (default true). Turn off with many guilds: the log would
   * otherwise hold every GUILD_CREATE payload; entries keep op, t, s and shard.
   */
  logDispatchData?: boolean;
  /** HELLO's heartbeat interval (default 1000 ms, short so tests exercise heartbeats). */
  heartbeatIntervalMs?: number;
  /** The bot token to accept (default: a fresh, realistic-looking fake). Never logged. */
  token?: string;
  /** The bot's username (default `cogsmith-bot`). */
  botUsername?: string;
  /** The application owner's username (default `app-owner`). */
  ownerUsername?: string;
  /** The application owner's user id (default: a fresh snowflake); the sandbox keeps it across starts. */
  ownerId?: string;
  /** Privileged intents the application may use (default all three); others close the socket with 4014. */
  allowedPrivilegedIntents?: number;
  /** How long the bot has to acknowledge an interaction (default 3000 ms, as Discord; 0 = no limit). */
  interactionAckDeadlineMs?: number;
  /**
   * `max_concurrency` in `/gateway/bot` (default 16). discord.js waits 5 s between identifies in one bucket,
   * so a high value lets every shard of a test identify at once; set 1 to test that throttling.
   */
  maxConcurrency?: number;
  /** Port to listen on (default 0 = a free one). */
  port?: number;
  /**
   * Discord's REST rate limits, enforced with its headers and 429s (runtime/testing/rest/rate-limits.ts):
   * `{ globalPerSecond: 50, routes: { 'POST /channels/:id/messages': { limit: 5, windowMs: 5000 } } }`.
   * Default: none (change it later with `sim.setRateLimits`).
   */
  rateLimits?: RestRateLimitOptions;
}

/** A message a member sends: content, or a body with a reply target and the like. */
export type SayInput = string | (MessageBody & { replyTo?: APIMessage | string; files?: { filename: string; size?: number; contentType?: string }[] });

const DEFAULT_CLIENT_INTENTS =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMembers |
  GatewayIntentBits.GuildMessages |
  GatewayIntentBits.GuildMessageReactions |
  GatewayIntentBits.MessageContent |
  GatewayIntentBits.DirectMessages |
  GatewayIntentBits.DirectMessageReactions;

/** A running simulator; start one with `Simulator.start()` and stop it with `stop()`. */
export class Simulator {
  readonly state = new SimState();
  readonly events = new SimEvents();
  readonly gateway: GatewayServer;
  readonly token: string;
  readonly #shards: number | undefined;
  readonly #guildsPerShard: number;
  /** Every REST request, in order. */
  readonly requests: RecordedRequest[] = [];
  /** REST faults to switch on: lost responses (handled, then 502) and slow answers (runtime/testing/rest/faults.ts). */
  readonly faults = new RestFaults();
  /** The REST rate limits enforced (none unless `rateLimits` was given or `setRateLimits` called). */
  readonly rateLimits: RestRateLimits;
  /** Unexpected failures inside the simulator (answered 500); a correct run has none. */
  readonly internalErrors: unknown[] = [];
  /** `session_start_limit.max_concurrency` in `/gateway/bot`. */
  readonly maxConcurrency: number;
  readonly botUser: APIUser;
  readonly applicationId: string;
  /** The application's owner (for owner-only commands); add it to a guild with `createMember(guild, { user: sim.owner, ... })`. */
  readonly owner: UserHandle;
  readonly #core: SimCore;
  readonly #botMessages: BotMessageHooks;
  readonly #world: World;
  readonly #messages: MessageService;
  readonly #commands: CommandRegistry;
  readonly #interactions: InteractionService;
  readonly #clients = new Set<Client>();
  #server: Server | null = null;
  #port = 0;
  #watermark = '0';

  private constructor(options: SimulatorOptions) {
    this.rateLimits = new RestRateLimits(options.rateLimits);
    this.#shards = options.shards;
    if (options.shards !== undefined && (!Number.isInteger(options.shards) || options.shards < 1)) throw new Error(`Simulator: shards must be a positive integer, got ${options.shards}`);
    this.#guildsPerShard = options.guildsPerShard ?? 1000;
    if (!Number.isInteger(this.#guildsPerShard) || this.#guildsPerShard < 1) throw new Error(`Simulator: guildsPerShard must be a positive integer, got ${options.guildsPerShard}`);
    const maxConcurrency = options.maxConcurrency ?? 16;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new Error(`Simulator: maxConcurrency must be a positive integer, got ${options.maxConcurrency}`);
    this.maxConcurrency = maxConcurrency;
    const bot = this.state.addUser({ username: options.botUsername ?? 'cogsmith-bot', bot: true });
    this.botUser = apiUser(bot);
    const owner = this.state.addUser({ username: options.ownerUsername ?? 'app-owner', ...(options.ownerId ? { id: options.ownerId } : {}) });
    this.owner = { kind: 'user', id: owner.id, username: owner.username };
    this.applicationId = bot.id;
    this.token = options.token ?? fakeToken(bot.id);
    const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
    const allowedPrivilegedIntents = options.allowedPrivilegedIntents ?? PRIVILEGED_INTENTS;
    this.gateway = new GatewayServer(
      {
      token: this.token,
      heartbeatIntervalMs,
      allowedPrivilegedIntents,
      gatewayUrl: () => this.gatewayUrl,
      readyData: (session) => this.#readyData(session),
      guildCreates: (session) => this.#guildCreates(session),
      requestGuildMembers: (session, d) => this.#requestGuildMembers(session, d),
      },
      { identifyLimit: options.enforceIdentifyLimit ? { maxConcurrency } : null, logDispatchData: options.logDispatchData ?? true },
    );
    this.#botMessages = new BotMessageHooks((error) => this.internalErrors.push(error));
    const core: SimCore = { state: this.state, gateway: this.gateway, events: this.events, botUserId: bot.id, applicationId: this.applicationId, botMessages: this.#botMessages };
    this.#core = core;
    this.#world = new World(core, () => this.shardCount);
    this.#messages = new MessageService(core);
    this.#commands = new CommandRegistry(this.state.ids, this.applicationId);
    this.#interactions = new InteractionService(core, this.#commands, this.#messages, options.interactionAckDeadlineMs ?? 3000);
  }

  /** Starts a simulator on 127.0.0.1. */
  static async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const sim = new Simulator(options);
    const router = new Router();
    registerRoutes(router, {
      core: sim.#core,
      messages: sim.#messages,
      commands: sim.#commands,
      interactions: sim.#interactions,
      gatewayUrl: () => sim.gatewayUrl,
      recommendedShards: () => sim.shardCount,
      maxConcurrency: sim.maxConcurrency,
      application: () => sim.application,
    });
    const { server, port } = await startRestServer(
      {
        router,
        token: () => sim.token,
        onRequest: (record) => {
          sim.requests.push(record);
          sim.events.emit('request', record);
        },
        onInternalError: (error) => sim.internalErrors.push(error),
        onUpgrade: (req, socket, head) => sim.gateway.handleUpgrade(req, socket, head),
        around: (handle) => sim.#botMessages.around(handle),
        faults: sim.faults,
        rateLimits: sim.rateLimits,
      },
      options.port ?? 0,
    );
    sim.#server = server;
    sim.#port = port;
    return sim;
  }

  /** The REST base for discord.js's `rest.api` option: `http://127.0.0.1:PORT/api`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  /** The gateway URL handed out by `/gateway/bot` and as `resume_gateway_url`. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  /** The application object (as `GET /applications/@me`). */
  get application(): Record<string, unknown> {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      bot: this.botUser,
      verify_key: '0'.repeat(64),
      flags: (1 << 15) | (1 << 19) | (1 << 23),
      owner: apiUser(this.state.user(this.owner.id)),
      team: null,
      approximate_guild_count: this.state.guildCountOf(this.applicationId),
    };
  }

  /**
   * Sends one dispatch exactly as given (no validation, any shape) to the session of `shardId`, as a
   * misbehaving gateway would: for tests of how the bot copes with malformed events.
   */
  sendRawDispatch(t: string, d: unknown, shardId = 0): void {
    const sessions = this.gateway.sessionsFor(shardId);
    if (sessions.length === 0) throw new Error(`sendRawDispatch: no session for shard ${shardId}`);
    for (const session of sessions) this.gateway.sendDispatch(session, t, d);
  }

  /** What went over the gateway, both ways (tokens removed). */
  get gatewayLog(): readonly GatewayLogEntry[] {
    return this.gateway.log;
  }

  // World building ---------------------------------------------------------------------------------------

  /**
   * The shard count `/gateway/bot` recommends: `shards` when given, else one per `guildsPerShard` guilds
   * (at least one). Guild handles and `createGuild({ shard })` place guilds under this count.
   */
  get shardCount(): number {
    return this.#shards ?? Math.max(1, Math.ceil(this.state.guildCount / this.#guildsPerShard));
  }

  /**
   * Adds `count` guilds in bulk, all of one shape (channels, roles, members from a shared pool), cheaply:
   * they are kept as a recipe and a guild's records are built only when something uses it (generated-guilds.ts).
   * Connected clients are not told (make them before clients connect); each shard gets its guilds'
   * GUILD_CREATE after READY. Returns the first and last guild ids and a way to get any guild's id.
   */
  generateGuilds(count: number, options: GenerateGuildsOptions = {}): GeneratedGuilds {
    return this.#world.generateGuilds(count, options);
  }

  /** Creates a guild (default: `#general` and @everyone) with the bot in it. */
  createGuild(input: GuildInput = {}): GuildHandle {
    return this.#world.createGuild(input);
  }

  /** Adds a member to a guild. */
  createMember(guild: GuildHandle | string, input: MemberInput): MemberHandle {
    return this.#world.createMember(guild, input);
  }

  /** Creates a user in no guild (e.g. to DM the bot). */
  createUser(input: { username: string; globalName?: string; bot?: boolean }): UserHandle {
    return this.#world.createUser(input);
  }

  /** Gives a member roles. */
  addRoles(member: MemberHandle, roles: (string | RoleHandle)[]): void {
    this.#world.addRoles(member, roles);
  }

  /** Takes roles from a member. */
  removeRoles(member: MemberHandle, roles: (string | RoleHandle)[]): void {
    this.#world.removeRoles(member, roles);
  }

  /** Sets or removes a channel overwrite. */
  setOverwrite(channel: ChannelRef, overwrite: OverwriteInput): void {
    this.#world.setOverwrite(channel, overwrite);
  }

  /** Replaces a role's permissions. */
  setRolePermissions(guild: GuildHandle | string, role: string | RoleHandle, permissions: PermissionsInput): void {
    this.#world.setRolePermissions(guild, role, permissions);
  }

  // Acting as members ------------------------------------------------------------------------------------

  /** A member says something in a channel; resolves with the stored message (as the bot's REST would see it). */
  async say(channel: ChannelRef, author: UserRef, input: SayInput): Promise<APIMessage> {
    const record = this.state.channel(channelId(channel));
    const authorId = userId(author);
    const body: MessageBody = typeof input === 'string' ? { content: input } : { ...input };
    if (typeof input !== 'string' && input.replyTo) {
      body.message_reference = { message_id: typeof input.replyTo === 'string' ? input.replyTo : input.replyTo.id };
      delete (body as { replyTo?: unknown }).replyTo;
    }
    // Files the member attaches: they become the message's attachments, in order.
    const files = typeof input !== 'string' && input.files ? input.files.map((f) => ({ field: 'files', filename: f.filename, contentType: f.contentType ?? 'application/octet-stream', size: f.size ?? 0, data: Buffer.alloc(0) })) : [];
    delete (body as { files?: unknown }).files;
    const perms = this.state.permissionsIn(record, authorId);
    const needed = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
    if ((perms & needed) !== needed) {
      throw new Error(`say: ${this.state.user(authorId).username} cannot send messages in #${record.name} (missing ${missingPermissionNames(perms, needed).join(', ')})`);
    }
    this.#mark();
    return this.#messages.create(record, authorId, body, files);
  }

  /** A user DMs the bot. */
  async sayInDM(author: UserRef, content: string): Promise<APIMessage> {
    const channel = this.state.dmChannel(userId(author));
    this.#mark();
    return this.#messages.create(channel, userId(author), { content }, []);
  }

  /** A member reacts to a message. */
  async react(message: APIMessage, member: UserRef, emoji: string): Promise<void> {
    this.#mark();
    this.#messages.addReaction(this.state.message(message.channel_id, message.id), userId(member), emoji);
  }

  /**
   * A member runs a slash command: `'ping'`, `'config set'` (sub-command) or `'settings config set'`
   * (group + sub-command), with options by name. Checked against the commands the bot registered.
   */
  async runSlash(channel: ChannelRef, member: UserRef, command: string, options: Record<string, SlashOptionValue> = {}, run: RunSlashOptions = {}): Promise<SimInteraction> {
    const record = this.state.channel(channelId(channel));
    this.#mark();
    return this.#interactions.runSlash(record, userId(member), command, options, run);
  }

  /**
   * A member presses a button on a message of the bot (a MESSAGE_COMPONENT interaction). Resolves with the
   * interaction; await the bot's answer with `waitForInteractionResponse`, or the message's next update.
   */
  async clickButton(message: APIMessage | string, customId: string, member: UserRef): Promise<SimInteraction> {
    const id = typeof message === 'string' ? message : message.id;
    const interaction = buildButtonInteraction(this.#core, id, customId, userId(member), this.#interactions.all);
    this.#mark();
    return this.#interactions.dispatch(interaction);
  }

  /**
   * Runs `hook` with every message the bot creates, the moment it exists: before the bot's request that
   * created it (a send, an interaction reply or a follow-up) is answered, which waits until the hook's
   * promise settles. With it a test presses a button before the bot's own `send` has returned:
   * `sim.onBotMessage((m) => sim.clickButton(m, id, alice))`. Returns a function that removes the hook.
   */
  onBotMessage(hook: BotMessageHook): () => void {
    return this.#botMessages.add(hook);
  }

  /**
   * A member chooses `values` in the select menu `customId` on a message of the bot (a MESSAGE_COMPONENT
   * interaction with `data.values`): option values for a string menu; ids or handles for user, role,
   * mentionable and channel menus (resolved as Discord does). Checked against the menu (its options,
   * `min_values`/`max_values`, `channel_types`, disabled) as Discord's client would.
   */
  async selectOptions(message: APIMessage | string, customId: string, values: readonly SelectValue[], member: UserRef): Promise<SimInteraction> {
    const id = typeof message === 'string' ? message : message.id;
    const interaction = buildSelectInteraction(this.#core, id, customId, values, userId(member), this.#interactions.all);
    this.#mark();
    return this.#interactions.dispatch(interaction);
  }

  /**
   * A member types into option `focused` of a slash command (APPLICATION_COMMAND_AUTOCOMPLETE): `options`
   * holds what is filled in so far, the focused one as the partial text. Await the choices with `waitForAutocomplete`.
   */
  async autocomplete(channel: ChannelRef, member: UserRef, command: string, options: Record<string, SlashOptionValue>, focused: string, run: Omit<RunSlashOptions, 'focused'> = {}): Promise<SimInteraction> {
    return this.runSlash(channel, member, command, options, { ...run, focused });
  }

  /** Waits for the choices the bot suggested in answer to `sim.autocomplete(...)`. */
  waitForAutocomplete(interaction: SimInteraction, options: { timeoutMs?: number } = {}): Promise<{ name: string; value: string | number }[]> {
    return waitForAutocomplete(this.events, () => this.#interactions.all.get(interaction.id) ?? interaction, options.timeoutMs);
  }

  // Observing the bot --------------------------------------------------------------------------------------

  /** Messages in a channel, oldest first. */
  messagesIn(channel: ChannelRef): APIMessage[] {
    return this.state.messagesIn(channelId(channel));
  }

  /** Messages the bot sent (in one channel, or everywhere), oldest first. */
  botMessages(channel?: ChannelRef): APIMessage[] {
    const all = channel ? this.messagesIn(channel) : [...this.state.messages.values()];
    return all.filter((m) => m.author.id === this.botUser.id);
  }

  /** Commands the bot registered globally, or for a guild. */
  registeredCommands(guild?: GuildHandle | string): APIApplicationCommand[] {
    return [...this.#commands.scope(guild ? (typeof guild === 'string' ? guild : guild.id) : null).values()];
  }

  /** Every interaction sent so far. */
  get interactions(): SimInteraction[] {
    return [...this.#interactions.all.values()];
  }

  /** Waits for a message (by default from the bot, newer than the latest member action). */
  waitForMessage(options: WaitForMessageOptions = {}): Promise<APIMessage> {
    return waitForMessage(this.#observed(), this.#watermark, options);
  }

  /** Waits until the bot answered an interaction (reply, defer + edit/follow-up, or modal), plus `followUps` follow-ups. */
  waitForInteractionResponse(interaction: SimInteraction, options: { timeoutMs?: number; followUps?: number } = {}): Promise<InteractionReply> {
    return waitForInteractionResponse(this.#observed(), interaction, options);
  }

  /** Waits until the bot has registered commands (globally, or for a guild). */
  waitForCommands(options: { guild?: GuildHandle | string; timeoutMs?: number } = {}): Promise<APIApplicationCommand[]> {
    return waitUntil(
      this.events,
      ['commandsChanged'],
      () => {
        const list = this.registeredCommands(options.guild);
        return list.length ? list : undefined;
      },
      options.timeoutMs ?? 2000,
      () => `the bot registered no ${options.guild ? 'guild' : 'global'} commands`,
    );
  }

  /** Waits for a REST request whose route (e.g. `PUT /applications/:id/commands`) or predicate matches. */
  waitForRequest(match: string | ((r: RecordedRequest) => boolean), options: { timeoutMs?: number; after?: number } = {}): Promise<RecordedRequest> {
    const start = options.after ?? 0;
    const test = typeof match === 'string' ? (r: RecordedRequest) => r.route === match : match;
    return waitUntil(
      this.events,
      ['request'],
      () => this.requests.slice(start).find(test),
      options.timeoutMs ?? 2000,
      () => `no matching request; saw ${this.requests.slice(start).map((r) => r.route).join(', ') || 'none'}`,
    );
  }

  /** Enforces these REST rate limits from now on (null: none), every bucket starting afresh. */
  setRateLimits(options: RestRateLimitOptions | null): void {
    this.rateLimits.configure(options);
  }

  /**
   * REST figures over the requests so far (from index `after` of `requests`): requests the global limit
   * covers, their mean and peak rate in any one second (received, and accepted), and the 429s answered by
   * the global limit and by route buckets. Counted whether or not limits are enforced.
   */
  restRateStats(options: { after?: number } = {}): RestRateStats {
    return restRateStats(this.requests.slice(options.after ?? 0));
  }

  // Gateway control ------------------------------------------------------------------------------------------

  /** Sends op 7 RECONNECT to a shard; resolves when its socket closed (the client then resumes). */
  reconnect(shardId = 0): Promise<void> {
    return this.gateway.reconnect(shardId);
  }

  /**
   * Closes a shard's gateway connection with a close code, as Discord does: `4014` (disallowed intents) or
   * `4004` (authentication failed) end the client for good, `4000` and the like make it resume. Resolves
   * once the socket has closed.
   */
  closeGateway(code: number, options: { shardId?: number; reason?: string } = {}): Promise<void> {
    return this.gateway.closeShard(options.shardId ?? 0, code, options.reason ?? '');
  }

  /** Sends op 9 INVALID_SESSION to a shard (not resumable by default: the client must identify again). */
  invalidateSession(shardId = 0, resumable = false): void {
    this.gateway.invalidateSession(shardId, resumable);
  }

  /** Waits for a shard's next RESUME (resolves with how many events were replayed) or IDENTIFY. */
  waitForSession(shardId: number, kind: 'resume' | 'identify', timeoutMs = 5000): Promise<{ session: GatewaySession; replayed: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.gateway.off(kind, listener);
        reject(new SimulatorTimeoutError(`Timed out after ${timeoutMs} ms waiting for shard ${shardId} to ${kind}`));
      }, timeoutMs);
      const listener = (session: GatewaySession, replayed = 0) => {
        if (session.shardId !== shardId) return;
        clearTimeout(timer);
        this.gateway.off(kind, listener);
        resolve({ session, replayed });
      };
      this.gateway.on(kind, listener);
    });
  }

  // Clients --------------------------------------------------------------------------------------------------

  /** A discord.js Client pointed at this simulator (REST api and a high global rate limit); stopped with the simulator. */
  createClient(options: Partial<ClientOptions> = {}): Client {
    const client = new Client({
      intents: DEFAULT_CLIENT_INTENTS,
      ...options,
      rest: { ...options.rest, api: this.apiUrl, globalRequestsPerSecond: options.rest?.globalRequestsPerSecond ?? 10_000 },
    });
    this.#clients.add(client);
    return client;
  }

  /** Logs a client in with the simulator's token and resolves once it is ready. */
  async login(client: Client, timeoutMs = 10_000): Promise<Client<true>> {
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SimulatorTimeoutError(`Timed out after ${timeoutMs} ms waiting for the client to be ready`)), timeoutMs);
      client.once(Events.ClientReady, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await client.login(this.token);
    await ready;
    return client as Client<true>;
  }

  /** Creates a client, logs it in and waits until it is ready. */
  async connectClient(options: Partial<ClientOptions> = {}): Promise<Client<true>> {
    return this.login(this.createClient(options));
  }

  /** Destroys the clients it made, closes every socket and the server. */
  async stop(): Promise<void> {
    await Promise.all([...this.#clients].map((c) => c.destroy()));
    this.#clients.clear();
    await this.gateway.close();
    const server = this.#server;
    this.#server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  #observed(): ObserveContext {
    return { state: this.state, events: this.events, botUserId: this.botUser.id, requests: this.requests, interactions: this.#interactions.all };
  }

  #mark(): void {
    this.#watermark = this.state.ids.next();
  }

  *#guildCreates(session: GatewaySession): Generator<Record<string, unknown>> {
    const members = session.has(GatewayIntentBits.GuildMembers);
    for (const guild of this.state.guildsOnShard(session.shardId, session.shardCount)) {
      if (guild.members.has(this.botUser.id)) yield apiGuildCreate(guild, this.state, this.botUser.id, members) as unknown as Record<string, unknown>;
    }
  }

  #readyData(session: GatewaySession): Record<string, unknown> {
    const guilds: { id: string; unavailable: true }[] = [];
    for (const id of this.state.guildIdsOnShard(session.shardId, session.shardCount, this.botUser.id)) guilds.push({ id, unavailable: true });
    return {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false },
      guilds,
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      application: { id: this.applicationId, flags: this.application.flags },
    };
  }

  #requestGuildMembers(session: GatewaySession, d: Record<string, unknown>): void {
    const guildId = String(d.guild_id ?? '');
    const guild = this.state.findGuild(guildId);
    if (!guild || !session.owns(guildId)) return;
    const ids = Array.isArray(d.user_ids) ? d.user_ids.map(String) : typeof d.user_ids === 'string' ? [d.user_ids] : null;
    // Listing members by query needs GUILD_MEMBERS, as on Discord; asking by id does not.
    if (!ids && !session.has(GatewayIntentBits.GuildMembers)) return;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const limit = typeof d.limit === 'number' && d.limit > 0 ? d.limit : Infinity;
    const found = [...guild.members.values()]
      .filter((m) => (ids ? ids.includes(m.userId) : this.state.user(m.userId).username.toLowerCase().startsWith(query)))
      .slice(0, limit);
    this.gateway.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guildId,
      members: found.map((m) => apiMember(m, this.state)),
      chunk_index: 0,
      chunk_count: 1,
      ...(ids ? { not_found: ids.filter((id) => !guild.members.has(id)) } : {}),
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }
}

function fakeToken(botId: string): string {
  return `${Buffer.from(botId).toString('base64url')}.${randomBytes(5).toString('base64url').slice(0, 6)}.${randomBytes(29).toString('base64url')}`;
}
