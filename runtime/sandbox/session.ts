/**
 * A sandbox session: the simulator with its sample guild, the real Bot connected to it, and the chat's
 * actions (say, run a slash command, press a button or choose in a menu, switch channel or speaker). What the
 * bot does in the guild is printed through `print` as it happens. Terminal I/O lives in terminal.ts; this
 * file has no readline in it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { APIMessage } from 'discord-api-types/v10';
import { InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { Bot } from '../bot.js';
import type { CogRegistry } from '../cogs/module.js';
import type { CogModuleHost } from '../cogs/module-host.js';
import type { InstanceConfig } from '../instance/config.js';
import type { Logger } from '../logging.js';
import type { SimInteraction } from '../testing/interactions.js';
import type { RecordedRequest } from '../testing/rest/server.js';
import { Simulator } from '../testing/simulator.js';
import { CHAT_HELP, parseChatLine } from './chat-line.js';
import { channelLabel, namesToMentions, resolveChannel, resolveMember, type Directory } from './directory.js';
import { buttonToPress, choicesToPick, ControlBoard, listControls } from './press.js';
import { emojiLabel, renderMessage, renderReaction, type RenderCause, type RenderView } from './render.js';
import { parseSlashLine, SlashLineError } from './slash-line.js';
import { createSandboxWorld, directoryOf, YOU, type SandboxIds, type SandboxWorld } from './world.js';

export interface SandboxOptions {
  /** The instance (bot.config.yaml); its token and API URL are ignored, its storage is redirected (see sandboxStorage). */
  instance: InstanceConfig;
  registry: CogRegistry;
  /** Where reloads get fresh code (npm start passes the Vite module runner's host). */
  modules?: CogModuleHost;
  /** Where the chat's lines go (the terminal). */
  print: (lines: string[]) => void;
  /** The bot's logger (its lines should go through the same terminal). */
  logger: Logger;
  /** Print what the person says too (when input is piped, so the output reads as a transcript). */
  echoInput?: boolean;
  /** Simulator port (default 0, a free one). */
  port?: number;
}

/** What a handled line asks of the terminal. */
export type LineOutcome = 'continue' | 'quit';

const REACTION_ROUTE = 'PUT /channels/:id/messages/:message/reactions/:emoji/@me';

/**
 * Where the sandbox keeps Config data: a `sandbox` folder inside the instance's data folder (json and
 * embedded PGlite), so trying the bot never touches the data of the real bot. A PostgreSQL URL and the
 * memory driver are used as configured.
 */
export function sandboxStorage(storage: InstanceConfig['storage']): InstanceConfig['storage'] {
  if (storage.driver === 'memory' || storage.url) return storage;
  return { ...storage, path: join(storage.path, 'sandbox') };
}

/**
 * The sample guild's ids, kept beside the sandbox's data (`<data>/sandbox/sandbox-world.ids`, JSON; not `.json`, which the json driver would take for config data) so every start
 * shows the same guild and people and what the bot stored for them (a guild's settings, a member's
 * counts) is theirs again. An unreadable file is replaced by a new world.
 */
function readSandboxIds(file: string): SandboxIds | undefined {
  try {
    const ids = JSON.parse(readFileSync(file, 'utf8')) as Partial<SandboxIds>;
    const all = [ids.guild, ids.you, ids.alice, ids.bob];
    return all.every((id) => typeof id === 'string' && /^\d{1,20}$/.test(id)) && new Set(all).size === 4 ? (ids as SandboxIds) : undefined;
  } catch {
    return undefined;
  }
}

function writeSandboxIds(file: string, ids: SandboxIds): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(ids, null, 2)}\n`);
}

/** A running sandbox; create it with `Sandbox.start()`, stop it with `stop()`. */
export class Sandbox {
  /** The channel the person speaks in. */
  channelId: string;
  /** The member the person speaks as. */
  speakerId: string;
  private readonly loading = new Set<string>();
  private readonly said: string[] = [];
  private readonly delivered = new Set<string>();
  /** Slash commands, presses and choices sent, so settle() can wait for their answers. */
  private readonly interactions: SimInteraction[] = [];
  private readonly board = new ControlBoard();
  /** What each press or choice was, by interaction id: the messages answering it name it. */
  private readonly causes = new Map<string, RenderCause & { messageId: string; interaction: SimInteraction; shown?: boolean }>();
  private lastActivity = Date.now();
  private stopped = false;

  private constructor(
    readonly sim: Simulator,
    readonly bot: Bot,
    readonly world: SandboxWorld,
    private readonly options: SandboxOptions,
  ) {
    this.channelId = world.general.id;
    this.speakerId = world.you.id;
  }

  /** Starts the simulator, builds the sample guild, starts the bot against it and waits until it is ready. */
  static async start(options: SandboxOptions): Promise<Sandbox> {
    const idsFile = options.instance.storage.driver === 'memory' ? undefined : join(sandboxStorage({ ...options.instance.storage, url: undefined }).path, 'sandbox-world.ids');
    const ids = idsFile ? readSandboxIds(idsFile) : undefined;
    const sim = await Simulator.start({ ownerUsername: YOU, port: options.port ?? 0, ...(ids ? { ownerId: ids.you } : {}) });
    let bot: Bot | undefined;
    try {
      const world = createSandboxWorld(sim, ids);
      if (idsFile && !ids) writeSandboxIds(idsFile, { guild: world.guild.id, you: world.you.id, alice: world.alice.id, bob: world.bob.id });
      const instance: InstanceConfig = {
        ...options.instance,
        // The person at the keyboard owns this bot, so owner-only commands can be tried.
        owners: [...new Set([...options.instance.owners, world.you.id])],
        discord: { ...options.instance.discord, api: sim.apiUrl, token: sim.token },
        storage: sandboxStorage(options.instance.storage),
      };
      bot = new Bot({ instance, registry: options.registry, modules: options.modules, token: sim.token, apiUrl: sim.apiUrl, logger: options.logger });
      const sandbox = new Sandbox(sim, bot, world, options);
      sandbox.watch();
      await bot.start();
      return sandbox;
    } catch (error) {
      await bot?.stop().catch(() => undefined);
      await sim.stop();
      throw error;
    }
  }

  /** The directory of the sample guild as it is now. */
  get directory(): Directory {
    return directoryOf(this.sim, this.world.guild.id);
  }

  /** The prompt: where the person is and who they speak as, e.g. `#general you> `. */
  get prompt(): string {
    return `${channelLabel(this.directory, this.channelId)} ${this.speakerName}> `;
  }

  private get speakerName(): string {
    // The username, as typed after `:as`.
    return this.directory.members.find((m) => m.id === this.speakerId)?.username ?? this.speakerId;
  }

  private get view(): RenderView {
    return { directory: this.directory, viewerId: this.speakerId };
  }

  /** The welcome text shown once the bot is ready. */
  welcome(): string[] {
    const user = this.bot.client.user;
    const cogs = this.bot.cogs.names();
    return [
      '',
      `Sandbox ready: ${user?.username ?? 'the bot'} is online in the guild "Sandbox" (#general, #random) with you, alice and bob.`,
      `Cogs loaded: ${cogs.length ? cogs.join(', ') : 'none'}${this.bot.failedCogs.size ? ` (failed: ${[...this.bot.failedCogs.keys()].join(', ')})` : ''}. Prefix: ${this.bot.instance.prefixes.join(' ') || '(mention only)'}`,
      'Try !ping or /ping. Type :help for the chat commands, :quit (or Ctrl+D) to leave.',
      '',
    ];
  }

  /** Handles one typed line. Never throws: problems are printed. */
  async handle(line: string): Promise<LineOutcome> {
    const parsed = parseChatLine(line);
    try {
      switch (parsed.kind) {
        case 'empty':
          return 'continue';
        case 'say':
          await this.say(parsed.text);
          return 'continue';
        case 'slash':
          await this.slash(parsed.text);
          return 'continue';
        case 'help':
          this.options.print(CHAT_HELP);
          return 'continue';
        case 'who':
          this.options.print(this.who());
          return 'continue';
        case 'channel':
          this.switchChannel(parsed.name);
          return 'continue';
        case 'as':
          this.switchSpeaker(parsed.name);
          return 'continue';
        case 'press':
          await this.press(parsed.message, parsed.button);
          return 'continue';
        case 'pick':
          await this.pick(parsed.message, parsed.choice);
          return 'continue';
        case 'quit':
          return 'quit';
        case 'unknown':
          this.notice(parsed.message);
          return 'continue';
      }
    } catch (error) {
      this.notice(error instanceof Error ? error.message.replace(/^(say|runSlash|clickButton|selectOptions): /, '') : String(error));
      return 'continue';
    }
  }

  /** Waits until the bot has received everything said, answered every slash command and gone quiet (at most `timeoutMs`). */
  async settle(options: { quietMs?: number; timeoutMs?: number } = {}): Promise<void> {
    const quietMs = options.quietMs ?? 750;
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    const busy = () =>
      this.said.some((id) => !this.delivered.has(id)) ||
      this.interactions.some((i) => i.responseType === null) ||
      this.loading.size > 0 ||
      Date.now() - this.lastActivity < quietMs;
    while (busy() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  /** Stops the bot (each cog's onUnload runs), then the simulator. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await this.bot.stop();
    } finally {
      this.sim.events.removeAllListeners();
      await this.sim.stop();
    }
  }

  private async say(text: string): Promise<void> {
    const content = namesToMentions(this.directory, text);
    this.echo(text);
    const message = await this.sim.say(this.channelId, this.speakerId, content);
    this.said.push(message.id);
  }

  private async slash(text: string): Promise<void> {
    this.echo(text);
    const commands = [...this.sim.registeredCommands(this.world.guild), ...this.sim.registeredCommands()];
    let parsed;
    try {
      parsed = parseSlashLine(text, commands, this.directory);
    } catch (error) {
      if (error instanceof SlashLineError) return this.notice(error.message);
      throw error;
    }
    this.interactions.push(await this.sim.runSlash(this.channelId, this.speakerId, parsed.command, parsed.options));
  }

  /** `:press [mN] <button>`: presses it as the speaker; without a button, lists the target's buttons and menus. */
  private async press(tag: string | undefined, ref: string): Promise<void> {
    const target = this.board.target(tag, (id) => this.sim.state.messages.get(id), (m) => this.canSee(m));
    if (ref === '') return this.options.print(listControls(target, this.directory));
    const button = buttonToPress(target, ref);
    this.echo(`:press ${target.tag} ${button.label}`);
    const interaction = await this.sim.clickButton(target.message.id, button.customId, this.speakerId);
    this.noteCause(interaction, target.message.id, `pressed ${button.label} on ${target.tag}`);
  }

  /** `:pick [mN] [menu] <choices>`: chooses them as the speaker; without choices, lists the target's buttons and menus. */
  private async pick(tag: string | undefined, text: string): Promise<void> {
    const target = this.board.target(tag, (id) => this.sim.state.messages.get(id), (m) => this.canSee(m));
    if (text === '') return this.options.print(listControls(target, this.directory));
    const picked = choicesToPick(target, text, this.directory);
    this.echo(`:pick ${target.tag} ${picked.menu.number} ${picked.shown.join(', ')}`);
    const interaction = await this.sim.selectOptions(target.message.id, picked.menu.customId, picked.values, this.speakerId);
    this.noteCause(interaction, target.message.id, `picked ${picked.shown.join(', ')} on ${target.tag}`);
  }

  private noteCause(interaction: SimInteraction, messageId: string, action: string): void {
    this.interactions.push(interaction);
    this.causes.set(interaction.id, { userId: this.speakerId, action, messageId, interaction });
  }

  /** Whether the speaker sees `message`: its channel, and not someone else's ephemeral answer. */
  private canSee(message: APIMessage): boolean {
    const channel = this.sim.state.channels.get(message.channel_id);
    if (!channel) return false;
    if (channel.guildId === null ? channel.recipientId !== this.speakerId : !(this.sim.state.permissionsIn(channel, this.speakerId) & PermissionFlagsBits.ViewChannel)) return false;
    const owner = (message as { interaction_metadata?: { user?: { id: string } } }).interaction_metadata?.user?.id;
    return !((message.flags ?? 0) & MessageFlags.Ephemeral) || owner === undefined || owner === this.speakerId;
  }

  /**
   * The press or choice that just updated `message` (callback 7, or 6 then an edit through the webhook),
   * once: a later edit (e.g. buttons removed after a timeout) is a plain edit.
   */
  private updateCause(message: APIMessage): RenderCause | undefined {
    const latest = [...this.causes.values()].filter((c) => c.messageId === message.id).at(-1);
    const updating = latest?.interaction.responseType === InteractionResponseType.UpdateMessage || latest?.interaction.responseType === InteractionResponseType.DeferredMessageUpdate;
    if (!latest || !updating || latest.shown) return undefined;
    latest.shown = true;
    return latest;
  }

  private echo(text: string): void {
    if (this.options.echoInput) this.options.print([`[${channelLabel(this.directory, this.channelId)}] ${this.speakerName}: ${text}`]);
  }

  private switchChannel(name: string): void {
    const id = resolveChannel(this.directory, name);
    if (!id) return this.notice(`There is no channel "${name}". Channels: ${this.directory.channels.filter((c) => !c.dm).map((c) => `#${c.name}`).join(', ')}.`);
    this.channelId = id;
    this.notice(`Now in ${channelLabel(this.directory, id)}.`);
  }

  private switchSpeaker(name: string): void {
    const id = resolveMember(this.directory, name);
    const humans = this.directory.members.filter((m) => !m.bot);
    if (!id || !humans.some((m) => m.id === id)) return this.notice(`There is no member "${name}" to speak as. Members: ${humans.map((m) => m.username).join(', ')}.`);
    this.speakerId = id;
    this.notice(`You now speak as ${this.speakerName}.`);
  }

  private who(): string[] {
    const d = this.directory;
    return [
      `Guild "Sandbox" (speaking as ${this.speakerName} in ${channelLabel(d, this.channelId)})`,
      `  channels: ${d.channels.filter((c) => !c.dm).map((c) => `#${c.name}`).join(', ')}`,
      `  members:  ${d.members.map((m) => `${m.username}${m.displayName ? ` (${m.displayName})` : ''}${m.bot ? ' [bot]' : ''}${m.id === this.world.you.id ? ' [owner]' : ''}`).join(', ')}`,
      `  roles:    ${d.roles.map((r) => `@${r.name}`).join(', ')}`,
    ];
  }

  private notice(message: string): void {
    this.options.print([`» ${message}`]);
  }

  /** Prints the bot's messages, edits and reactions as the simulator sees them. */
  private watch(): void {
    const { sim } = this;
    const botId = sim.botUser.id;
    const visible = (channelId: string) => {
      const channel = sim.state.channels.get(channelId);
      return channel !== undefined && (channel.guildId === this.world.guild.id || channel.guildId === null);
    };
    sim.events.on('request', (record: RecordedRequest) => {
      this.lastActivity = Date.now();
      if (record.route !== REACTION_ROUTE || record.status >= 300) return;
      const [, , channelId = '', , messageId = '', , emoji = ''] = record.path.split('/');
      if (!visible(channelId)) return;
      const target = sim.state.messages.get(messageId);
      this.options.print([renderReaction({ channelId, userId: botId, emoji: emojiLabel(emoji), messageAuthorId: target?.author.id ?? null }, this.view)]);
    });
    const metadataId = (message: APIMessage) => (message as { interaction_metadata?: { id?: string } }).interaction_metadata?.id;
    sim.events.on('messageCreate', (message: APIMessage) => {
      if (message.author.id !== botId || !visible(message.channel_id)) return;
      if ((message.flags ?? 0) & MessageFlags.Loading) this.loading.add(message.id);
      const cause = this.causes.get(metadataId(message) ?? '');
      this.options.print(renderMessage(message, this.view, { tag: this.board.shown(message), ...(cause ? { cause } : {}) }));
    });
    sim.events.on('messageUpdate', (message: APIMessage) => {
      if (message.author.id !== botId || !visible(message.channel_id)) return;
      const wasLoading = this.loading.has(message.id);
      if ((message.flags ?? 0) & MessageFlags.Loading) return;
      this.loading.delete(message.id);
      // A deferred answer to a press is filled, not edited: it names the press as a new answer does.
      const cause = wasLoading ? this.causes.get(metadataId(message) ?? '') : this.updateCause(message);
      this.options.print(renderMessage(message, this.view, { edited: !wasLoading, tag: this.board.shown(message), ...(cause ? { cause } : {}) }));
    });
    this.bot.client.on('messageCreate', (message) => {
      this.delivered.add(message.id);
      this.lastActivity = Date.now();
    });
  }
}
