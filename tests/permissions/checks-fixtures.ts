/**
 * Test cogs for manifest checks, built from manifests by the generator's own model functions (privileges
 * and checks inherited exactly as `npm run generate` does it). Every command answers `ran <path>`.
 */
import type { CogManifest } from '../../generator/manifest.js';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import { CheckFailure } from '../../runtime/commands/check-failure.js';
import { answering, specFrom } from './fixtures.js';

export const guardedManifest: CogManifest = {
  name: 'guarded',
  identifier: 9201,
  description: 'One command per kind of check.',
  dataStatement: 'Keeps nothing.',
  checks: ['notBlocked'],
  commands: [
    { name: 'adminperm', kind: 'hybrid', description: 'Admins or Manage Server.', privilege: 'admin', permissions: ['ManageGuild'] },
    { name: 'permonly', kind: 'hybrid', description: 'Ban Members only.', permissions: ['BanMembers'] },
    {
      name: 'manage',
      kind: 'hybrid',
      description: 'A group anyone with Manage Server may use.',
      permissions: ['ManageGuild'],
      subcommands: [
        { name: 'open', description: 'The group\'s permission applies.' },
        { name: 'ownly', description: 'Owner-only, whatever permissions say.', privilege: 'owner' },
      ],
    },
    { name: 'embed', kind: 'hybrid', description: 'Needs the bot to embed and attach.', botPermissions: ['EmbedLinks', 'AttachFiles'] },
    { name: 'dmonly', kind: 'hybrid', description: 'Direct messages only.', dmOnly: true },
    { name: 'lewd', kind: 'hybrid', description: 'Age-restricted channels only.', nsfw: true },
    { name: 'helpers', kind: 'hybrid', description: 'Helpers (by name) or Reviewers (by id).', roles: ['Helpers', 'REVIEWERS_ID'] },
    {
      name: 'ticket',
      kind: 'hybrid',
      description: 'A group only alice passes.',
      checks: ['isAlice'],
      subcommands: [
        { name: 'close', description: 'Also in ticket channels only.', checks: ['inTicketChannel'] },
        { name: 'view', description: 'The group\'s predicate only.' },
      ],
    },
    { name: 'either', kind: 'hybrid', description: 'An admin, or a Helper.', checks: [{ any: [{ privilege: 'admin' }, { roles: ['Helpers'] }] }] },
    { name: 'both', kind: 'hybrid', description: 'A Helper who is alice.', checks: [{ all: [{ roles: ['Helpers'] }, 'isAlice'] }] },
    { name: 'nested', kind: 'hybrid', description: 'Guild with Ban Members, or a DM.', checks: [{ any: [{ dmOnly: true }, { all: [{ guildOnly: true }, { permissions: ['BanMembers'] }] }] }] },
  ],
};

export const dmcogManifest: CogManifest = {
  name: 'dmcog',
  identifier: 9202,
  description: 'A cog whose every command is DM-only.',
  dataStatement: 'Keeps nothing.',
  dmOnly: true,
  commands: [{ name: 'whisper', kind: 'hybrid', description: 'From the cog.' }],
};

export const guarded = specFrom(guardedManifest);
export const dmcog = specFrom(dmcogManifest);

/** Ids of users the `notBlocked` predicate refuses silently (the test fills it). */
export const blocked = new Set<string>();

/** The registry of the check tests. */
export const checksRegistry: CogRegistry = {
  guarded: {
    spec: guarded,
    load: async () => ({
      default: answering(guarded, {
        notBlocked: (ctx) => !blocked.has(ctx.author.id),
        isAlice: (ctx) => ctx.author.username === 'alice',
        inTicketChannel: (ctx) => {
          if (ctx.channel && 'name' in ctx.channel && ctx.channel.name?.startsWith('ticket-')) return true;
          throw new CheckFailure('Only in ticket channels.');
        },
      }),
    }),
  },
  dmcog: { spec: dmcog, load: async () => ({ default: answering(dmcog) }) },
};
