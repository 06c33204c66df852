/**
 * The permission matrix (tests/permissions/matrix.ts), end to end for commands declared in a manifest: a
 * real Bot (real discord.js client) against the simulator, by text and by slash.
 */
import { describe } from 'vitest';
import { registry } from '../../generated/registry.js';
import type { CogManifest } from '../../generator/manifest.js';
import type { CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import type { Context } from '../../runtime/context/types.js';
import { specFrom } from './fixtures.js';
import { matrixBot, permissionMatrixTest } from './matrix.js';

const funManifest: CogManifest = {
  name: 'fun',
  identifier: 9201,
  description: 'Commands the rules are about.',
  dataStatement: 'Keeps nothing.',
  commands: [
    { name: 'roll', kind: 'hybrid', description: 'Anyone.' },
    // Red's "mod or Manage Messages": the Discord permission stands in for the privilege.
    { name: 'modtool', kind: 'hybrid', description: 'Mods.', privilege: 'mod', permissions: ['ManageMessages'] },
    { name: 'dice', kind: 'hybrid', description: 'A group.', subcommands: [{ name: 'big', description: 'A subcommand.' }] },
  ],
};
const fun = specFrom(funManifest);
const funImpl: CogImplementation = {
  commands: {
    roll: (ctx: Context) => ctx.reply('ran roll'),
    modtool: (ctx: Context) => ctx.reply('ran modtool'),
    diceBig: (ctx: Context) => ctx.reply('ran dice big'),
  },
};
const matrixRegistry: CogRegistry = { fun: { spec: fun, load: async () => ({ default: funImpl }) }, permissions: registry.permissions };

matrixBot(matrixRegistry);

describe('the permission matrix', () => {
  permissionMatrixTest('GIVEN every scenario × lists × privilege × place × text/slash THEN the command runs exactly when the privilege and the documented precedence allow it', {
    commands: ['roll', 'modtool', 'dice big'],
    slash: true,
  });
});
