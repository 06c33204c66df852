/**
 * Shared REST limits benchmark (run: npm run bench -- rest-limits [--processes 4] [--pings 8]): P real bot
 * processes (one shard each, tests/scale/fixtures/shard-process.ts) reply to a flood of `!ping`s (16
 * channels per shard, `--pings` per channel) against a simulator enforcing Discord's global limit of 50/s and
 * its message bucket (5 per 5 s per channel), side by side:
 *
 * - `direct`: each process sends straight to the simulator with discord.js's own limiter (50/s per process);
 * - `proxy 50` and `proxy 45`: every process through one `cogsmith proxy` at that global limit.
 *
 * Printed per run: requests the simulator received (429s included) and their mean rate, the peak in any one
 * second (received, and accepted), the 429s it answered (global / route), replies arrived of those expected,
 * the seconds from the first ping to the last reply, and errors the bots recorded. Never asserted: how many
 * 429s a run gets depends on timing (tests/scale/rest-limits-across-processes.test.ts asserts what does not).
 */
import { StartRuns } from '../../tests/helpers/npm-start.js';
import { runBurst } from '../../tests/scale/fixtures/rest-burst.js';

function parseArgs(argv: readonly string[]): { processes: number; pings: number } {
  const args = { processes: 4, pings: 8 };
  for (let i = 0; i < argv.length; i++) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--processes' && Number.isInteger(value) && value >= 1) (args.processes = value), i++;
    else if (argv[i] === '--pings' && Number.isInteger(value) && value >= 1) (args.pings = value), i++;
    else throw new Error(`Unknown or bad argument ${argv[i]}. Usage: npm run bench -- rest-limits [--processes P] [--pings N]`);
  }
  return args;
}

const { processes, pings } = parseArgs(process.argv.slice(2));
console.log(`REST limits across ${processes} processes: 16 channels per shard, ${pings} pings each; simulator: 50/s global, 5 per 5 s per channel.`);
console.log('run        received  mean/s  peak/s  peak accepted/s  global 429  route 429  replies      seconds  bot errors');
for (const [name, proxyPerSecond] of [['direct', undefined], ['proxy 50', 50], ['proxy 45', 45]] as const) {
  const runs = new StartRuns();
  try {
    const r = await runBurst({ processes, channelsPerShard: 16, pingsPerChannel: pings, globalPerSecond: 50, messageBucket: { limit: 5, windowMs: 5000 }, ...(proxyPerSecond ? { proxyPerSecond } : {}) }, runs);
    const s = r.stats;
    console.log(
      [name.padEnd(9), String(s.requests).padStart(9), String(s.perSecond).padStart(7), String(s.peakPerSecond).padStart(7), String(s.peakAcceptedPerSecond).padStart(16), String(s.globalLimited).padStart(11), String(s.routeLimited).padStart(10), `${r.replies}/${r.expected}`.padStart(9), (r.durationMs / 1000).toFixed(1).padStart(12), r.errors.join(',').padStart(11)].join(' '),
    );
  } finally {
    await runs.cleanup();
  }
}
