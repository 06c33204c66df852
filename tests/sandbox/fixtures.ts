/**
 * Shared inputs for the sandbox tests: a directory like the sandbox guild's, registered slash commands of
 * every option type, and a small cog that answers with embeds, reactions, ephemeral and deferred replies.
 */
import { ApplicationCommandOptionType, type APIApplicationCommand, type APIApplicationCommandOption } from 'discord-api-types/v10';
import type { CogRegistry } from '../../runtime/cogs/module.js';
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

/** A cog whose answers cover what the sandbox renders: an embed, a reaction, an ephemeral and a deferred reply. */
export function showcaseRegistry(journal: string[] = []): CogRegistry {
  const spec: CogSpec = {
    name: 'showcase',
    identifier: 777,
    description: 'Sandbox rendering showcase',
    dataStatement: 'Stores nothing.',
    source: 'tests/sandbox/fixtures.ts',
    commands: showcaseCommands,
    listeners: [],
    config: { custom: {} },
    slashCommands: showcaseCommands.map((c) => ({ name: c.name, description: c.description })),
  };
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
