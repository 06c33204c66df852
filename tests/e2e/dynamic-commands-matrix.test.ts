/**
 * The permission matrix (tests/permissions/matrix.ts) for commands a cog adds at run time: the same
 * privilege, Discord-permission, rule, list and ignore cases as declared commands, by text (run-time
 * commands are text commands), with the same answers.
 */
import { describe } from 'vitest';
import { registry } from '../../generated/registry.js';
import type { CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import type { CogSpec } from '../../runtime/contract/spec.js';
import { matrixBot, permissionMatrixTest } from '../permissions/matrix.js';

const fun: CogSpec = {
  name: 'fun',
  identifier: 9202,
  description: 'Commands added at run time.',
  dataStatement: 'Keeps nothing.',
  source: 'tests/e2e/dynamic-commands-matrix.test.ts',
  commands: [],
  listeners: [],
  config: { custom: {} },
  slashCommands: [],
};
const implementation: CogImplementation = {
  commands: {},
  onLoad(cog) {
    cog.commands.add({ name: 'roll', description: 'Anyone.', handler: (ctx) => ctx.reply('ran roll') });
    // Red's "mod or Manage Messages", as the declared `modtool` has it.
    cog.commands.add({ name: 'modtool', description: 'Mods.', privilege: 'mod', permissions: ['ManageMessages'], handler: (ctx) => ctx.reply('ran modtool') });
  },
};
const matrixRegistry: CogRegistry = { fun: { spec: fun, load: async () => ({ default: implementation }) }, permissions: registry.permissions };

matrixBot(matrixRegistry);

describe('the permission matrix for run-time commands', () => {
  permissionMatrixTest('GIVEN every scenario × lists × privilege × place THEN a run-time command runs exactly when a declared one would', { commands: ['roll', 'modtool'], slash: false });
});
