/**
 * Shared inputs for the sandbox tests: a directory like the sandbox guild's, registered slash commands of
 * every option type, a small cog that answers with embeds, reactions, ephemeral and deferred replies,
 * timestamps and a message with menus and buttons, and a running sandbox whose printed lines can be awaited.
 */
import { ApplicationCommandOptionType, ButtonStyle, ComponentType, MessageFlags, type APIApplicationCommand, type APIApplicationCommandOption } from 'discord-api-types/v10';
import type { User } from 'discord.js';
import { vi } from 'vitest';
import { registry as generatedRegistry } from '../../generated/registry.js';
import type { CogHandle, CogRegistry } from '../../runtime/cogs/module.js';
import type { ComponentPress } from '../../runtime/context/components/session.js';
import { servicesOf } from '../../runtime/services.js';
import { createInstanceConfig } from '../../runtime/instance/config.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';
import { Sandbox } from '../../runtime/sandbox/session.js';
import type { CogSpec, CommandSpec, OptionSpec } from '../../runtime/contract/spec.js';
import type { Context } from '../../runtime/context/types.js';
import type { Directory } from '../../runtime/sandbox/directory.js';

export const GUILD = '100000000000000001';
export const YOU = '100000000000000010';
export const ALICE = '100000000000000011';
export const BOB = '100000000000000012';
export const BOT = '100000000000000013';
export const GENERAL = '100000000000000020';
export const RANDOM = '100000000000000021';
export const MODS = '100000000000000030';

export const directory: Directory = {
  guildId: GUILD,
  members: [
    { id: YOU, username: 'you' },
    { id: ALICE, username: 'alice', displayName: 'Alice' },
    { id: BOB, username: 'bob' },
    { id: BOT, username: 'cogsmith-bot', bot: true },
  ],
  channels: [
    { id: GENERAL, name: 'general' },
    { id: RANDOM, name: 'random' },
  ],
  roles: [{ id: MODS, name: 'mods' }],
};

const T = ApplicationCommandOptionType;

function registered(name: string, options: APIApplicationCommandOption[] = []): APIApplicationCommand {
  return { id: `9${name.length}0000000000000000`, application_id: BOT, version: '1', type: 1, name, description: `the ${name} command`, options, default_member_permissions: null } as unknown as APIApplicationCommand;
}

/** Commands as the bot registered them, one per kind of option the parser converts. */
export const commands: APIApplicationCommand[] = [
  registered('ping'),
  registered('hello', [{ type: T.User, name: 'member', description: 'who', required: false }]),
  registered('give', [
    { type: T.User, name: 'member', description: 'who', required: true },
    { type: T.Integer, name: 'amount', description: 'how many', required: true },
    { type: T.String, name: 'reason', description: 'why', required: false },
  ]),
  registered('where', [{ type: T.Channel, name: 'channel', description: 'where', required: true }]),
  registered('rolename', [{ type: T.Role, name: 'role', description: 'which', required: true }]),
  registered('toggle', [
    { type: T.Boolean, name: 'on', description: 'on or off', required: true },
    { type: T.Number, name: 'ratio', description: 'a ratio', required: false },
  ]),
  registered('color', [{ type: T.String, name: 'name', description: 'a color', required: true, choices: [{ name: 'Bright red', value: 'red' }, { name: 'Blue', value: 'blue' }] }]),
  registered('settings', [
    { type: T.Subcommand, name: 'prefix', description: 'set the prefix', options: [{ type: T.String, name: 'prefix', description: 'the prefix', required: true }] },
    {
      type: T.SubcommandGroup,
      name: 'log',
      description: 'logging',
      options: [{ type: T.Subcommand, name: 'channel', description: 'where logs go', options: [{ type: T.Channel, name: 'channel', description: 'the channel', required: true }] }],
    },
  ]),
];

const NO_MENTIONS = { everyone: false, roles: false, users: false, repliedUser: false };

function command(name: string, options: OptionSpec[] = []): CommandSpec {
  const usage = [name, ...options.map((o) => `<${o.name}>`)].join(' ');
  return { name, path: [name], kind: 'hybrid', description: `the ${name} command`, options, subcommands: [], handler: name, usage, help: `the ${name} command\nUsage: [p]${usage}`, aliases: [], hidden: false, allowedMentions: NO_MENTIONS };
}

const showcaseCommands: CommandSpec[] = [command('card'), command('check'), command('secret'), command('slow'), command('ping')];
const controlsCommands: CommandSpec[] = [command('menu'), command('when')];

/** The rows `!menu` sends: two menus, then a button, a link and a disabled button. */
export const MENU_ROWS = [
  {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.StringSelect, custom_id: 'controls:colour', placeholder: 'Colours', min_values: 1, max_values: 2, options: ['Red', 'Green', 'Blue'].map((label) => ({ label, value: label.toLowerCase() })) },
    ],
  },
  { type: ComponentType.ActionRow, components: [{ type: ComponentType.UserSelect, custom_id: 'controls:who', placeholder: 'Who?' }] },
  {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'controls:whisper', label: 'Whisper' },
      { type: ComponentType.Button, style: ButtonStyle.Link, url: 'https://example.invalid/docs', label: 'Docs' },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'controls:off', label: 'Off', disabled: true },
    ],
  },
];

/** `!when`'s answer: a time an hour from now, relative, and five minutes ago in an embed. */
function whenReply(ctx: Context) {
  const now = Math.round(Date.now() / 1000);
  return ctx.reply({ content: `Next run <t:${now + 3600}:R>.`, embeds: [{ title: 'Schedule', fields: [{ name: 'Last run', value: `<t:${now - 300}:R>` }] }] });
}

/** `!menu`: a message with the menus and buttons above (their presses go to `answerPress`). */
async function sendMenu(ctx: Context) {
  if (!ctx.channel?.isSendable()) return;
  await ctx.channel.send({ content: 'Pick colours:', components: MENU_ROWS as never });
}

/** The `controls:` presses, through the bot's component router: a choice of colours updates the message, the rest is answered privately. */
async function answerPress({ interaction: press }: ComponentPress) {
  if (press.isStringSelectMenu()) await press.update({ content: `You picked ${press.values.join(' and ')}.`, components: MENU_ROWS as never });
  else if (press.isUserSelectMenu()) await press.reply({ content: `You picked ${press.users.map((u: User) => u.username).join(', ')}.`, flags: MessageFlags.Ephemeral });
  else await press.reply({ content: 'psst', flags: MessageFlags.Ephemeral });
}

/** The spec of a test cog whose commands are all hybrid, keeping nothing. */
function testCogSpec(name: string, identifier: number, description: string, commands: CommandSpec[]): CogSpec {
  return {
    name,
    identifier,
    description,
    dataStatement: 'Stores nothing.',
    source: 'tests/sandbox/fixtures.ts',
    commands,
    listeners: [],
    config: { custom: {} },
    slashCommands: commands.map((c) => ({ name: c.name, description: c.description })),
  };
}

/** A cog whose answers cover what the sandbox renders: an embed, a reaction, an ephemeral and a deferred reply. */
export function showcaseRegistry(journal: string[] = []): CogRegistry {
  const spec = testCogSpec('showcase', 777, 'Sandbox rendering showcase', showcaseCommands);
  const implementation = {
    commands: {
      card: (ctx: Context) =>
        ctx.reply({
          content: 'Your card:',
          embeds: [{ title: 'Profile', description: 'A sandbox member', fields: [{ name: 'Level', value: '3', inline: true }], footer: { text: 'showcase' } }],
        }),
      check: (ctx: Context) => ctx.tick(),
      secret: (ctx: Context) => ctx.reply({ content: 'only for you', ephemeral: true }),
      slow: async (ctx: Context) => {
        await ctx.defer();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await ctx.reply('done thinking');
      },
      ping: (ctx: Context) => ctx.reply('Pong!'),
    },
    onUnload: () => {
      journal.push('onUnload');
    },
  };
  return { showcase: { spec, load: async () => ({ default: implementation as never }) } };
}

/** A cog with a message of menus and buttons (`menu`) and an answer with timestamps (`when`). */
export function controlsRegistry(): CogRegistry {
  const spec = testCogSpec('controls', 778, 'Sandbox buttons, menus and timestamps', controlsCommands);
  const implementation = {
    commands: { menu: sendMenu, when: whenReply },
    onLoad: (cog: CogHandle) => void servicesOf(cog.client).components.register('controls', answerPress, { signal: cog.signal }),
  };
  return { controls: { spec, load: async () => ({ default: implementation as never }) } };
}

/**
 * A sandbox with `cogs` loaded (default the showcase cog; `controls` and the generated `help` cog can be
 * added), with what it printed and logged.
 */
export async function startSandbox(options: { journal?: string[]; cogs?: ('showcase' | 'controls' | 'help')[] } = {}) {
  const printed: string[] = [];
  const logs: LogRecord[] = [];
  const sandbox = await Sandbox.start({
    instance: createInstanceConfig({ cogs: options.cogs ?? ['showcase'], storage: { driver: 'memory' } }),
    registry: { ...showcaseRegistry(options.journal), ...controlsRegistry(), help: generatedRegistry.help },
    print: (lines) => printed.push(...lines),
    logger: createLogger('bot', { sink: (r) => logs.push(r) }),
  });
  /** Waits until a line printed after the first `from` lines matches (the bot answers asynchronously). */
  const printedLine = (match: string | RegExp, from = 0) =>
    vi.waitFor(
      () => {
        const found = printed.slice(from).find((l) => (typeof match === 'string' ? l === match : match.test(l)));
        if (!found) throw new Error(`no printed line matches ${String(match)}; printed:\n${printed.join('\n')}`);
        return found;
      },
      { timeout: 10_000, interval: 20 },
    );
  return { sandbox, printed, logs, printedLine };
}
