/**
 * The dispatch benchmark's `give` scenario: both variants must do the same work (same answers to the same
 * inputs, the same refusals), and the benchmark runs it end to end. Nothing here asserts on timing.
 */
import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runDispatchBenchmark } from '../../bench/dispatch/lib/benchmark.js';
import { giveCommand, giveRegistry } from '../../bench/dispatch/lib/give.js';
import { BenchOptionError, DEFAULT_OPTIONS, parseDispatchArgs } from '../../bench/dispatch/lib/options.js';
import { ParentOp, type Variant } from '../../bench/dispatch/lib/protocol.js';
import { startVariant } from '../../bench/dispatch/lib/variants.js';
import { GUILD_ONLY_MESSAGE } from '../../runtime/commands/guild-only.js';
import { intentBits } from '../../runtime/discord/client.js';
import { createInstanceConfig } from '../../runtime/instance/config.js';
import { Simulator } from '../../runtime/testing/index.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('give scenario: the two variants do the same work', () => {
  it('GIVEN the same messages WHEN answered by bare and by cogsmith THEN the answers match; bad input and DMs are refused by both', async () => {
    sim = await Simulator.start();
    const guild = sim.createGuild({ name: 'Give' });
    const alice = sim.createMember(guild, { username: 'alice' });
    const bob = sim.createMember(guild, { username: 'bob', nick: 'Bobby' });
    const intents = intentBits(createInstanceConfig({}).discord.intents);
    const inputs = [`!give <@${bob.id}> 25 for the tea and biscuits`, `!give ${bob.id} 7`, `!give <@!${alice.id}> 1000000 "quoted" stays`];
    const refusals = [`!give <@${bob.id}> 0 nothing`, `!give <@${bob.id}> lots`, '!give nobody 5', `!give <@${bob.id}> 99999999999999999999`];

    const answers = async (variant: Variant): Promise<{ valid: string[]; refused: string[]; dm: string }> => {
      const running = await startVariant({ op: ParentOp.Connect, variant, scenario: 'give', apiUrl: sim!.apiUrl, token: sim!.token, intents });
      try {
        const ask = async (text: string): Promise<string> => {
          const said = await sim!.say(guild.general, alice, text);
          return (await sim!.waitForMessage({ after: said, predicate: (m: APIMessage) => m.message_reference?.message_id === said.id })).content;
        };
        const valid = [];
        for (const text of inputs) valid.push(await ask(text));
        const refused = [];
        for (const text of refusals) refused.push(await ask(text));
        const inDm = await sim!.sayInDM(alice, inputs[0]!);
        const dm = (await sim!.waitForMessage({ after: inDm })).content;
        return { valid, refused, dm };
      } finally {
        await running.stop();
      }
    };

    const bare = await answers('bare');
    const cogsmith = await answers('cogsmith');
    expect(bare.valid).toEqual(['Gave 25 to Bobby: for the tea and biscuits', 'Gave 7 to Bobby: no reason', 'Gave 1000000 to alice: "quoted" stays']);
    expect(cogsmith.valid).toEqual(bare.valid);
    for (const answer of [...bare.refused, ...cogsmith.refused]) expect(answer).toMatch(/^`(member|amount)`[\s\S]*Usage: `!give <member> <amount> \[reason\.\.\.\]`$/);
    expect(bare.dm).toBe(GUILD_ONLY_MESSAGE);
    expect(cogsmith.dm).toBe(GUILD_ONLY_MESSAGE);
  }, 60_000);

  it('the fixture cog is built from its manifest: three options, the guild-only check and the cooldown', async () => {
    const spec = (await giveRegistry()).benchgive!.spec;
    const give = spec.commands[0]!;
    expect(give.options.map((o) => `${o.name}:${o.type}${o.rest ? '...' : ''}`)).toEqual(['member:member', 'amount:integer', 'reason:string...']);
    expect(give.guildOnly).toBe(true);
    expect(give.cooldown).toEqual({ rate: 1_000_000, perMs: 1000, bucket: 'user' });
  });

  it('spreads receivers and amounts over the messages', () => {
    expect(giveCommand(0, ['1', '2'])).toBe('!give <@2> 1 thanks for message number 0');
    expect(giveCommand(1, ['1', '2'])).toBe('!give <@1> 2 thanks for message number 1');
  });
});

describe('give scenario: options and a real run', () => {
  it('GIVEN --scenario THEN it is read; a wrong one is named with the choices', () => {
    expect(parseDispatchArgs(['--scenario', 'give']).scenario).toBe('give');
    expect(parseDispatchArgs([]).scenario).toBe('ping');
    expect(() => parseDispatchArgs(['--scenario', 'pong'])).toThrow(BenchOptionError);
    expect(() => parseDispatchArgs(['--scenario', 'pong'])).toThrow(/--scenario takes one of ping, give .*got "pong"/);
  });

  it('GIVEN a tiny give workload WHEN the benchmark runs THEN both variants answer every message and the ratio is printed', async () => {
    const lines: string[] = [];
    const result = await runDispatchBenchmark(
      { ...DEFAULT_OPTIONS, scenario: 'give', messages: 20, repeats: 1, segment: 20, warmup: 5, rewarm: 2, channels: 3, members: 3, inFlight: 4 },
      (line) => lines.push(line),
    );
    expect(lines[0]).toMatch(/^Dispatch benchmark: "!give <member> <amount> \[reason\.\.\.\]"/);
    expect(result.runs.map((r) => [r.variant, r.messages])).toEqual([
      ['bare', 20],
      ['cogsmith', 20],
    ]);
    expect(lines.join('\n')).toMatch(/^ratio cogsmith\/bare: throughput [\d.]+× .*CPU per message [\d.]+×/m);
  }, 120_000);
});
