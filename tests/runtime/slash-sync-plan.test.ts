/**
 * The pure half of slash sync: composing bodies, hashing them, and planning overwrites from records.
 */
import { describe, expect, it } from 'vitest';
import { desiredScopes, planSlashSync } from '../../runtime/commands/slash-sync/plan.js';
import {
  buildCommandsSnapshot,
  canonicalJson,
  commandsForScope,
  composeSlashCommands,
  slashCommandsHash,
  type SlashCommandBody,
  type SyncScope,
} from '../../runtime/commands/slash-sync/snapshot.js';
import type { SyncRecord } from '../../runtime/commands/slash-sync/store.js';

const ping: SlashCommandBody = { type: 1, name: 'ping', description: 'Pong.', options: [] };
const kick: SlashCommandBody = { type: 1, name: 'kick', description: 'Kicks.', options: [], contexts: [0], dm_permission: false };

const record = (commands: SlashCommandBody[]): SyncRecord => ({ hash: slashCommandsHash(commands), count: commands.length, syncedAt: '2026-01-01T00:00:00.000Z' });

describe('hashing', () => {
  it('GIVEN the same body with keys in another order THEN the hash is the same; another description changes it', () => {
    const reordered = { options: [], description: 'Pong.', name: 'ping', type: 1 } as SlashCommandBody;
    expect(canonicalJson([reordered])).toBe(canonicalJson([ping]));
    expect(slashCommandsHash([reordered])).toBe(slashCommandsHash([ping]));
    expect(slashCommandsHash([{ ...ping, description: 'Pong!' }])).not.toBe(slashCommandsHash([ping]));
    expect(slashCommandsHash([ping])).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('composes cogs by name whatever the load order, commands in manifest order', () => {
    const a = { name: 'alpha', slashCommands: [kick] };
    const b = { name: 'beta', slashCommands: [ping] };
    expect(composeSlashCommands([b, a])).toEqual([kick, ping]);
    expect(buildCommandsSnapshot([b, a]).global.hash).toBe(buildCommandsSnapshot([a, b]).global.hash);
  });

  it('guild bodies drop the global-only fields, without touching the input', () => {
    expect(commandsForScope([kick], 'guild')).toEqual([{ type: 1, name: 'kick', description: 'Kicks.', options: [] }]);
    expect(kick.contexts).toEqual([0]);
    expect(commandsForScope([kick], 'global')).toEqual([kick]);
  });
});

describe('planning', () => {
  const global = desiredScopes([ping, kick], { syncMode: 'global', devGuilds: ['1'] });
  const dev = desiredScopes([ping, kick], { syncMode: 'dev', devGuilds: ['10', '20', '10'] });

  it('global mode manages the global scope only; dev mode each listed guild once, with guild bodies', () => {
    expect(global.map((d) => d.scope)).toEqual(['global']);
    expect(dev.map((d) => d.scope)).toEqual(['guild:10', 'guild:20']);
    expect(dev[0]!.commands[1]).not.toHaveProperty('contexts');
  });

  it('GIVEN no records THEN every managed scope is overwritten and nothing is cleared', () => {
    expect(planSlashSync(global, new Map()).map((s) => `${s.scope}:${s.action}`)).toEqual(['global:overwrite']);
    expect(planSlashSync(dev, new Map()).map((s) => `${s.scope}:${s.action}`)).toEqual(['guild:10:overwrite', 'guild:20:overwrite']);
  });

  it('GIVEN records equal to the bodies THEN nothing is sent; force sends anyway', () => {
    const recorded = new Map<SyncScope, SyncRecord>([['global', record(global[0]!.commands)]]);
    expect(planSlashSync(global, recorded).map((s) => s.action)).toEqual(['unchanged']);
    expect(planSlashSync(global, recorded, { force: true }).map((s) => s.action)).toEqual(['overwrite']);
  });

  it('GIVEN a changed body THEN that scope alone is overwritten', () => {
    const recorded = new Map<SyncScope, SyncRecord>([
      ['guild:10', record(dev[0]!.commands)],
      ['guild:20', record([ping])],
    ]);
    expect(planSlashSync(dev, recorded).map((s) => `${s.scope}:${s.action}`)).toEqual(['guild:10:unchanged', 'guild:20:overwrite']);
  });

  it('GIVEN records of scopes the mode does not manage THEN each is cleared once', () => {
    const recorded = new Map<SyncScope, SyncRecord>([
      ['guild:10', record(dev[0]!.commands)],
      ['global', record([ping])],
      ['guild:30', record([ping])],
    ]);
    const steps = planSlashSync(dev, recorded);
    expect(steps.map((s) => `${s.scope}:${s.action}`)).toEqual(['guild:10:unchanged', 'guild:20:overwrite', 'global:clear', 'guild:30:clear']);
    expect(steps.filter((s) => s.action === 'clear').every((s) => s.action === 'clear' && s.commands.length === 0)).toBe(true);
  });
});
