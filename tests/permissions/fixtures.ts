/**
 * A test cog whose commands need each privilege level, built from a manifest by the generator's own model
 * functions (so group and cog privileges are inherited exactly as `npm run generate` does it).
 */
import type { CogManifest } from '../../generator/manifest.js';
import { buildCommandSpecs, buildSlashCommands } from '../../generator/model/commands.js';
import { applyChecks } from '../../generator/model/checks.js';
import { applyPrivileges } from '../../generator/model/privilege.js';
import type { CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import type { CogSpec, CommandSpec } from '../../runtime/contract/spec.js';
import type { Context } from '../../runtime/context/types.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import type { Harness } from '../e2e/harness.js';

/** A CogSpec made from a manifest the way the generator makes it (guild-only, privileges, then checks). */
export function specFrom(manifest: CogManifest): CogSpec {
  const commands = buildCommandSpecs(manifest.commands ?? [], manifest.guildOnly);
  applyPrivileges(commands, manifest);
  applyChecks(commands, manifest);
  const spec: CogSpec = {
    name: manifest.name,
    identifier: manifest.identifier,
    description: manifest.description,
    dataStatement: manifest.dataStatement,
    source: `tests/permissions/${manifest.name}`,
    commands,
    listeners: [],
    config: { custom: {} },
    slashCommands: buildSlashCommands(commands),
  };
  if (manifest.privilege) spec.privilege = manifest.privilege;
  return spec;
}

/** Every command of the spec answers `ran <path>`; `checks` are the cog's custom predicates. */
export function answering(spec: CogSpec, checks: CogImplementation['checks'] = {}): CogImplementation {
  const commands: Record<string, (ctx: Context) => Promise<void>> = {};
  const walk = (list: CommandSpec[]) => {
    for (const c of list) {
      if (c.handler) commands[c.handler] = (ctx) => ctx.reply(`ran ${c.path.join(' ')}`);
      walk(c.subcommands);
    }
  };
  walk(spec.commands);
  return { commands, checks };
}

const levels = specFrom({
  name: 'levels',
  identifier: 9101,
  description: 'One command per privilege level.',
  dataStatement: 'Keeps nothing.',
  commands: [
    { name: 'anyone', kind: 'hybrid', description: 'Anyone.' },
    { name: 'modcmd', kind: 'hybrid', description: 'Mods.', privilege: 'mod' },
    { name: 'admincmd', kind: 'hybrid', description: 'Admins.', privilege: 'admin' },
    { name: 'gownercmd', kind: 'hybrid', description: 'The server owner.', privilege: 'guildOwner' },
    { name: 'ownercmd', kind: 'hybrid', description: 'Bot owners.', privilege: 'owner' },
    {
      name: 'team',
      kind: 'hybrid',
      description: 'A group for admins.',
      privilege: 'admin',
      subcommands: [
        { name: 'inherit', description: 'No privilege of its own: the group\'s applies.' },
        { name: 'lower', description: 'Declares mod, but the group\'s admin still applies.', privilege: 'mod' },
        { name: 'higher', description: 'Declares owner: raises it.', privilege: 'owner' },
      ],
    },
  ],
});

const modcog = specFrom({
  name: 'modcog',
  identifier: 9102,
  description: 'A cog for mods.',
  dataStatement: 'Keeps nothing.',
  privilege: 'mod',
  commands: [{ name: 'modcogcmd', kind: 'hybrid', description: 'Mods, from the cog.' }],
});

/** The registry of the privilege tests. */
export const privilegeRegistry: CogRegistry = {
  levels: { spec: levels, load: async () => ({ default: answering(levels) }) },
  modcog: { spec: modcog, load: async () => ({ default: answering(modcog) }) },
};

/**
 * `say` (the bot's text answer to `!<command>`, in the guild's #general or another guild's) and `slash` (its
 * answer to a slash command) in a guild's #general, for tests whose harness and guild are set in `beforeAll`
 * (hence the getters).
 */
export function talkIn(harness: () => Harness, guild: () => GuildHandle) {
  return {
    async say(who: MemberHandle, command: string, where: GuildHandle = guild()): Promise<string> {
      const sent = await harness().sim.say(where.general, who, `!${command}`);
      return (await harness().sim.waitForMessage({ after: sent, from: 'bot' })).content;
    },
    async slash(who: MemberHandle, command: string, options: Record<string, string> = {}): Promise<string> {
      const interaction = await harness().sim.runSlash(guild().general, who, command, options);
      return (await harness().sim.waitForInteractionResponse(interaction)).content;
    },
  };
}
