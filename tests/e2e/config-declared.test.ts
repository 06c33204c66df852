/**
 * A cog's Config as its handlers meet it in a running bot (the real discord.js client against the
 * simulator): a handler left behind by a rename reads a name the manifest no longer declares and fails
 * with an error naming the cog, scope and name (not `count null`); a write that does not fit the field's
 * type is refused and stores nothing; a manifest that opts out of force registration reads null.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigManifest } from '../../generator/manifest.js';
import { buildConfigSpec } from '../../generator/model/config.js';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import type { Config, RuntimeGroup } from '../../runtime/config/index.js';
import type { Context } from '../../runtime/context/types.js';
import type { ChannelHandle, GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { manifestCog, type Handlers } from './fixtures/manifest-cog.js';
import { startBot, type Harness } from './harness.js';

const config: ConfigManifest = { guild: { visits: { type: 'integer', default: 0 }, total: { type: 'bigint', default: 0 } } };

// Untyped, as a handler in plain JavaScript sees its Config.
const guildOf = (ctx: Context): RuntimeGroup => (ctx.config as Config).guild(ctx.guild!);
const handlers: Handlers = {
  visit: async (ctx) => ctx.reply(`visits ${await guildOf(ctx).visits.increment()}`),
  // Left behind by a rename of `count` to `visits`: nothing type-checks plain JavaScript at start.
  count: async (ctx) => ctx.reply(`count ${await guildOf(ctx).count()}`),
  half: async (ctx) => ctx.reply(`stored ${await guildOf(ctx).visits.set(0.5)}`),
  add: async (ctx, o: { n: string }) => ctx.reply(`total ${await guildOf(ctx).total.increment(BigInt(o.n))}`),
};

function cog(name: string, identifier: number, manifest: ConfigManifest): CogRegistry {
  const registry = manifestCog(name, identifier, [
    { name: 'visit', kind: 'text', description: 'Counts a visit.' },
    { name: 'count', kind: 'text', description: 'Reads the old name.' },
    { name: 'half', kind: 'text', description: 'Stores half a visit.' },
    { name: 'add', kind: 'text', description: 'Adds to the total.', options: [{ name: 'n', description: 'digits', type: 'string', required: true }] },
  ], handlers);
  registry[name]!.spec.config = buildConfigSpec(manifest);
  return registry;
}

describe.each([
  ['force registration (the default)', config, true],
  ['a manifest that opts out', { ...config, forceRegistration: false }, false],
] as const)('a cog Config in a bot: %s', (_title, manifest, forced) => {
  let h: Harness;
  let guild: GuildHandle;
  let alice: MemberHandle;
  let general: ChannelHandle;

  beforeAll(async () => {
    h = await startBot(cog('visits', 9101, manifest), {
      world: (sim) => {
        guild = sim.createGuild({ name: 'A', channels: [{ name: 'general' }] });
        alice = sim.createMember(guild, { username: 'alice' });
        general = guild.general;
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The messages of the errors logged since record `from`. */
  const errorsLogged = (from: number): string =>
    h.logs.slice(from).map((l) => ((l.extra as { error?: Error } | undefined)?.error?.message ?? '')).join('\n');

  const ask = async (text: string): Promise<string> => {
    await h.sim.say(general, alice, text);
    return (await h.sim.waitForMessage({ channelId: general })).content;
  };

  it('GIVEN a handler reading a name the manifest does not declare THEN it fails naming cog, scope and name (or reads null when opted out)', async () => {
    expect(await ask('!visit')).toBe('visits 1');
    if (!forced) {
      expect(await ask('!count')).toBe('count null');
      return;
    }
    expect(await ask('!count')).not.toMatch(/^count/);
    expect(errorsLogged(0)).toMatch(/"count" was never registered; registered here: "visits", "total" \(cog "visits", scope GUILD, keys \[\d+\], path count\)/);
  });

  it('GIVEN a write that does not fit the field type THEN it is refused and nothing changes', async () => {
    const before = h.logs.length;
    expect(await ask('!half')).not.toMatch(/^stored/);
    expect(errorsLogged(before)).toMatch(/Cannot store this: value 0\.5 does not match type `integer` \(cog "visits", scope GUILD, keys \[\d+\], path visits\)/);
    expect(await ask('!visit')).toBe('visits 2');
  });

  it('GIVEN a bigint field THEN sums past 2^53 stay exact', async () => {
    expect(await ask('!add 9007199254740993')).toBe('total 9007199254740993');
    expect(await ask('!add 9223372036854775807')).toBe(`total ${9007199254740993n + 9223372036854775807n}`);
  });
});
