/**
 * Scale benchmark (run: npm run bench -- scale [--sizes 10000,100000] [--channels N] [--roles N]
 * [--members N] [--settle-ms N]; --help for usage): memory per 1,000 guilds and GUILD_CREATE ingest rate of
 * the Cogsmith bot against a bare discord.js client, side by side (lib/benchmark.ts). Linux or not, it
 * measures inside each bot's process. Figures are printed, never asserted.
 */
import { parseArgs } from 'node:util';
import { runBenchmarkEntry } from '../lib/main.js';
import { DEFAULT_SCALE_OPTIONS, runScaleBenchmark, type ScaleBenchOptions } from './lib/benchmark.js';

const USAGE = 'Usage: npm run bench -- scale [--sizes 10000,100000] [--channels N] [--roles N] [--members N] [--settle-ms N]';

/** The options from the command line over the defaults; a bad value names the flag. */
function parseScaleArgs(argv: readonly string[]): ScaleBenchOptions & { help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: { sizes: { type: 'string' }, channels: { type: 'string' }, roles: { type: 'string' }, members: { type: 'string' }, 'settle-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  const whole = (flag: string, raw: string, min: number) => {
    const value = Number(raw.replaceAll('_', ''));
    if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${flag} takes whole numbers of at least ${min}; got ${JSON.stringify(raw)}.\n${USAGE}`);
    return value;
  };
  const options: ScaleBenchOptions = { ...DEFAULT_SCALE_OPTIONS };
  if (values.sizes !== undefined) options.sizes = values.sizes.split(',').map((s) => whole('sizes', s.trim(), 1));
  if (values.channels !== undefined) options.channels = whole('channels', values.channels, 1);
  if (values.roles !== undefined) options.roles = whole('roles', values.roles, 0);
  if (values.members !== undefined) options.members = whole('members', values.members, 1);
  if (values['settle-ms'] !== undefined) options.settleMs = whole('settle-ms', values['settle-ms'], 0);
  return { ...options, help: values.help === true };
}

runBenchmarkEntry('scale', USAGE, parseScaleArgs, runScaleBenchmark);
