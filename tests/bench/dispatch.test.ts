/**
 * The dispatch benchmark, run for real with a tiny workload (bot processes, the simulator, the general cog),
 * plus its parts: options, run order, the report's arithmetic, and the workload's failure messages.
 * Nothing here asserts on timing.
 */
import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runDispatchBenchmark, turnOrder } from '../../bench/dispatch/lib/benchmark.js';
import { BotChild } from '../../bench/dispatch/lib/bot-child.js';
import { BenchOptionError, DEFAULT_OPTIONS, parseDispatchArgs, segmentSizes } from '../../bench/dispatch/lib/options.js';
import { formatReport, type RunResult } from '../../bench/dispatch/lib/report.js';
import { buildWorld, runWorkload } from '../../bench/dispatch/lib/workload.js';
import { intentBits } from '../../runtime/discord/client.js';
import { createInstanceConfig } from '../../runtime/instance/config.js';
import { Simulator } from '../../runtime/testing/index.js';

describe('dispatch benchmark, end to end', () => {
  it('GIVEN 40 messages twice in segments of 15 WHEN it runs both variants THEN it prints a row per repeat and variant, the totals and the ratio line', async () => {
    const lines: string[] = [];
    const result = await runDispatchBenchmark(
      { ...DEFAULT_OPTIONS, messages: 40, repeats: 2, segment: 15, warmup: 5, rewarm: 2, channels: 5, members: 3, inFlight: 8 },
      (line) => lines.push(line),
    );
    const text = lines.join('\n');
    // Turns alternate across the whole run: 3 segments per repeat (15, 15, 10), 6 turns.
    expect(result.runs.map((r) => [r.repeat, r.variant, r.messages])).toEqual([
      [1, 'bare', 15],
      [1, 'cogsmith', 15],
      [1, 'cogsmith', 15],
      [1, 'bare', 15],
      [1, 'bare', 10],
      [1, 'cogsmith', 10],
      [2, 'cogsmith', 15],
      [2, 'bare', 15],
      [2, 'bare', 15],
      [2, 'cogsmith', 15],
      [2, 'cogsmith', 10],
      [2, 'bare', 10],
    ]);
    for (const run of result.runs) {
      expect(run.wallMs).toBeGreaterThan(0);
      expect(run.botCpuMicros).toBeGreaterThan(0);
    }
    for (const repeat of [1, 2]) {
      expect(text).toMatch(new RegExp(`^${repeat} +bare +40 +[\\d.]+ +[\\d,]+ +[\\d.]+ +[\\d.]+$`, 'm'));
      expect(text).toMatch(new RegExp(`^${repeat} +cogsmith +40 +[\\d.]+ +[\\d,]+ +[\\d.]+ +[\\d.]+$`, 'm'));
    }
    expect(text).toMatch(/^all +bare +80 /m);
    expect(text).toMatch(/^all +cogsmith +80 /m);
    expect(text).toMatch(/^ratio cogsmith\/bare: throughput [\d.]+× \([+-][\d.]+%\), CPU per message [\d.]+× \([+-][\d.]+%\)$/m);
    expect(result.ratios.throughput).toBeCloseTo(result.cogsmith.messagesPerSecond / result.bare.messagesPerSecond, 10);
  }, 120_000);
});

describe('options', () => {
  it("GIVEN no flags THEN the defaults are the issue's workload (10,000 messages)", () => {
    expect(parseDispatchArgs([])).toEqual({ ...DEFAULT_OPTIONS, help: false });
    expect(DEFAULT_OPTIONS.messages).toBe(10_000);
  });

  it('GIVEN flags in both spellings THEN they override the defaults', () => {
    const options = parseDispatchArgs(['--messages', '2_000', '--in-flight=16', '--repeats', '1', '--segment', '500', '--warmup', '0']);
    expect(options).toMatchObject({ messages: 2000, inFlight: 16, repeats: 1, segment: 500, warmup: 0 });
  });

  it('GIVEN a bad value or an unknown flag THEN the error names it and shows the usage', () => {
    expect(() => parseDispatchArgs(['--messages', 'lots'])).toThrow(BenchOptionError);
    expect(() => parseDispatchArgs(['--messages', 'lots'])).toThrow(/--messages takes a whole number of at least 1 .*got "lots"[\s\S]*Usage:/);
    expect(() => parseDispatchArgs(['--in-flight', '0'])).toThrow(/--in-flight takes a whole number of at least 1/);
    expect(() => parseDispatchArgs(['--segment', '1.5'])).toThrow(/--segment takes a whole number/);
    expect(() => parseDispatchArgs(['--mesages', '5'])).toThrow(/mesages[\s\S]*Usage:/);
  });

  it('cuts a repeat into segments of the given size, the last one taking the rest', () => {
    expect(segmentSizes(10_000, 2_000)).toEqual([2000, 2000, 2000, 2000, 2000]);
    expect(segmentSizes(11, 4)).toEqual([4, 4, 3]);
    expect(segmentSizes(3, 10)).toEqual([3]);
  });
});

describe('turn order and report', () => {
  it('alternates which variant goes first, turn by turn', () => {
    expect([1, 2, 3].map(turnOrder)).toEqual([
      ['bare', 'cogsmith'],
      ['cogsmith', 'bare'],
      ['bare', 'cogsmith'],
    ]);
  });

  it('GIVEN known segments THEN rows add up each repeat, totals add up everything, and the ratios are cogsmith over bare', () => {
    const runs: RunResult[] = [
      { repeat: 1, variant: 'bare', messages: 500, wallMs: 500, botCpuMicros: 200_000, simCpuMicros: 150_000 },
      { repeat: 1, variant: 'cogsmith', messages: 1000, wallMs: 1250, botCpuMicros: 500_000, simCpuMicros: 300_000 },
      { repeat: 1, variant: 'bare', messages: 500, wallMs: 500, botCpuMicros: 200_000, simCpuMicros: 150_000 },
      { repeat: 2, variant: 'cogsmith', messages: 1000, wallMs: 1250, botCpuMicros: 500_000, simCpuMicros: 300_000 },
      { repeat: 2, variant: 'bare', messages: 1000, wallMs: 1000, botCpuMicros: 400_000, simCpuMicros: 300_000 },
    ];
    const lines = formatReport(runs);
    const cells = (line: string | undefined) => line?.trim().split(/ {2,}/);
    expect(cells(lines[0])).toEqual(['repeat', 'variant', 'messages', 'wall s', 'msgs/s', 'CPU µs/msg', 'sim CPU µs/msg']);
    expect(cells(lines[2])).toEqual(['1', 'bare', '1,000', '1.00', '1,000', '400.0', '300.0']);
    expect(cells(lines[3])).toEqual(['1', 'cogsmith', '1,000', '1.25', '800', '500.0', '300.0']);
    expect(cells(lines.find((l) => l.startsWith('all     bare')))).toEqual(['all', 'bare', '2,000', '2.00', '1,000', '400.0', '300.0']);
    expect(cells(lines.find((l) => l.startsWith('all     cogsmith')))).toEqual(['all', 'cogsmith', '2,000', '2.50', '800', '500.0', '300.0']);
    expect(lines.at(-1)).toBe('ratio cogsmith/bare: throughput 0.800× (-20.0%), CPU per message 1.250× (+25.0%)');
  });
});

describe('workload', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('GIVEN no bot answering WHEN the workload runs THEN it fails naming the message that got no reply', async () => {
    sim = await Simulator.start();
    const world = buildWorld(sim, { channels: 2, members: 2 });
    await expect(runWorkload(sim, world, { messages: 3, inFlight: 2, replyTimeoutMs: 200, command: '!ping', expectReply: 'Pong!' })).rejects.toThrow(
      /no reply to "!ping" \(message \d+ in #bench-\d\) within 200 ms/,
    );
  });

  it('GIVEN a bot that answers something else THEN the workload fails quoting the answer', async () => {
    sim = await Simulator.start();
    const world = buildWorld(sim, { channels: 2, members: 2 });
    const client = sim.createClient();
    client.on(Events.MessageCreate, (message) => {
      if (!message.author.bot) void message.reply({ content: 'Nope', failIfNotExists: false });
    });
    await sim.login(client);
    await expect(runWorkload(sim, world, { messages: 4, inFlight: 2, replyTimeoutMs: 5000, command: '!ping', expectReply: 'Pong!' })).rejects.toThrow(
      'the bot answered "Nope" where "Pong!"… was expected',
    );
  });

  it('GIVEN a bot that answers every message THEN the workload spreads messages over every channel and member', async () => {
    sim = await Simulator.start();
    const world = buildWorld(sim, { channels: 3, members: 2 });
    const client = sim.createClient();
    client.on(Events.MessageCreate, (message) => {
      if (!message.author.bot) void message.reply({ content: 'Pong!', failIfNotExists: false });
    });
    await sim.login(client);
    await runWorkload(sim, world, { messages: 12, inFlight: 4, replyTimeoutMs: 5000, command: '!ping', expectReply: 'Pong!' });
    for (const channel of world.channels) {
      const said = sim.messagesIn(channel).filter((m) => !m.author.bot);
      expect(said).toHaveLength(4);
      expect(sim.botMessages(channel)).toHaveLength(4);
    }
    expect(new Set(sim.botMessages().map((m) => m.message_reference?.message_id)).size).toBe(12);
  });
});

describe('bot process', () => {
  it('GIVEN a wrong token WHEN the child connects THEN the reason comes back over IPC and the process exits cleanly', async () => {
    const sim = await Simulator.start();
    const child = new BotChild('bare');
    try {
      await expect(child.connect({ variant: 'bare', apiUrl: sim.apiUrl, token: 'not-the-token', intents: 1 })).rejects.toThrow(/token/i);
    } finally {
      await child.exit();
      await sim.stop();
    }
    expect(child.failure?.message).toMatch(/token|exited/i);
  }, 60_000);

  it('GIVEN a connected cogsmith bot THEN it answers, reports growing CPU time, and disconnects so another can connect', async () => {
    const sim = await Simulator.start();
    const world = buildWorld(sim, { channels: 1, members: 1 });
    const child = new BotChild('cogsmith');
    try {
      const intents = intentBits(createInstanceConfig({}).discord.intents);
      await child.connect({ variant: 'cogsmith', apiUrl: sim.apiUrl, token: sim.token, intents });
      // The Cogsmith Bot with the general cog, not a bare client: it synced the cog's slash commands.
      expect(sim.registeredCommands().map((c) => c.name)).toEqual(expect.arrayContaining(['ping', 'hello']));
      const before = await child.cpu();
      await runWorkload(sim, world, { messages: 5, inFlight: 1, replyTimeoutMs: 5000, command: '!ping', expectReply: 'Pong!' });
      const after = await child.cpu();
      expect(after.userMicros + after.systemMicros).toBeGreaterThan(before.userMicros + before.systemMicros);
      await child.disconnect();
      await child.connect({ variant: 'cogsmith', apiUrl: sim.apiUrl, token: sim.token, intents });
      await runWorkload(sim, world, { messages: 1, inFlight: 1, replyTimeoutMs: 5000, command: '!ping', expectReply: 'Pong!' });
    } finally {
      await child.exit();
      await sim.stop();
    }
  }, 60_000);
});
