/**
 * Plain-words descriptions of what a command spec declares, for help: usage lines, option facts,
 * cooldowns. Pure functions of the spec.
 */
import type { CommandSpec, CooldownBucket, OptionSpec } from '../contract/spec.js';

/** `1h30m`, `10s`, `250ms`: a duration in the largest units that divide it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  let rest = Math.round(ms / 1000) * 1000;
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

const BUCKET_WORDS: Record<CooldownBucket, string> = {
  user: 'per user',
  member: 'per member',
  guild: 'per server',
  channel: 'per channel',
  category: 'per category',
  role: 'per role',
  global: 'for everyone',
};

/** `2 uses per 10s per user`, or undefined when the command has no cooldown. */
export function describeCooldown(command: CommandSpec): string | undefined {
  const c = command.cooldown;
  if (!c) return undefined;
  return `${c.rate} ${c.rate === 1 ? 'use' : 'uses'} per ${formatDuration(c.perMs)} ${BUCKET_WORDS[c.bucket]}`;
}

/** `at most 1 at a time per server`, or undefined. */
export function describeConcurrency(command: CommandSpec): string | undefined {
  const m = command.maxConcurrency;
  if (!m) return undefined;
  return `at most ${m.limit} at a time ${BUCKET_WORDS[m.bucket]}${m.wait ? ' (others wait)' : ''}`;
}

/** `integer, optional, default 6, at least 1`. */
export function optionFacts(option: OptionSpec): string {
  const facts: string[] = [option.union ? option.union.join(' or ') : option.converter ? option.converter : option.type];
  if (option.list) facts.push(option.list.max > option.list.min ? `${option.list.min} to ${option.list.max} values` : `${option.list.min} values`);
  if (!option.required) facts.push(option.default !== undefined ? `optional, default ${String(option.default)}` : 'optional');
  if (option.choices) facts.push(`one of ${option.choices.map((c) => c.name).join(', ')}`);
  const duration = option.type === 'duration';
  const show = (n: number) => (duration ? formatDuration(n) : String(n));
  if (option.min !== undefined) facts.push(`at least ${show(option.min)}`);
  if (option.max !== undefined) facts.push(`at most ${show(option.max)}`);
  if (option.minLength !== undefined) facts.push(`${option.minLength}+ characters`);
  if (option.maxLength !== undefined) facts.push(`up to ${option.maxLength} characters`);
  if (option.channelKinds) facts.push(`${option.channelKinds.join('/')} channels`);
  if (option.rest) facts.push('rest of the line');
  return facts.join(', ');
}

/** The usage lines of a command: text with `prefix`, slash with `/`, per its kind. */
export function usageLines(command: CommandSpec, prefix: string): string[] {
  const lines: string[] = [];
  if (command.kind !== 'slash') lines.push(`\`${prefix}${command.usage}\``);
  if (command.kind !== 'text') lines.push(`\`/${command.usage.replace(/\[subcommand\]|<subcommand>/, '<subcommand>')}\``);
  return lines;
}

/** How a command is named in a list: `!ping` for text and hybrid, `/ping` for slash-only. */
export function invocationName(command: CommandSpec, prefix: string): string {
  return command.kind === 'slash' ? `/${command.path.join(' ')}` : `${prefix}${command.path.join(' ')}`;
}

/** The first line of a description. */
export function summary(description: string): string {
  return description.split('\n')[0]!.trim();
}
