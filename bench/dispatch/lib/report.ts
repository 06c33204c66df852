/**
 * Turns measured segments into the printed table: one row per repeat and variant (its segments added up),
 * one total row per variant, and the Cogsmith/bare ratios of throughput and CPU time per message.
 */
import type { Variant } from './protocol.js';

/** One measured segment of one variant. */
export interface RunResult {
  /** Which repeat of the workload the segment belongs to (1-based). */
  repeat: number;
  variant: Variant;
  messages: number;
  wallMs: number;
  /** CPU time (user + system) of the bot process during the run. */
  botCpuMicros: number;
  /** CPU time of the benchmark process (simulator + load) during the run, for reference. */
  simCpuMicros: number;
}

/** A variant's runs added up. */
export interface VariantTotals {
  variant: Variant;
  messages: number;
  wallMs: number;
  messagesPerSecond: number;
  botCpuMicrosPerMessage: number;
  simCpuMicrosPerMessage: number;
}

/** Cogsmith divided by bare. */
export interface Ratios {
  throughput: number;
  cpuPerMessage: number;
}

/** Adds up the segments of one variant. */
export function totalsFor(variant: Variant, runs: readonly RunResult[]): VariantTotals {
  const mine = runs.filter((r) => r.variant === variant);
  if (mine.length === 0) throw new Error(`no runs of the ${variant} variant to add up`);
  const messages = mine.reduce((n, r) => n + r.messages, 0);
  const wallMs = mine.reduce((n, r) => n + r.wallMs, 0);
  const botCpu = mine.reduce((n, r) => n + r.botCpuMicros, 0);
  const simCpu = mine.reduce((n, r) => n + r.simCpuMicros, 0);
  return {
    variant,
    messages,
    wallMs,
    messagesPerSecond: messages / (wallMs / 1000),
    botCpuMicrosPerMessage: botCpu / messages,
    simCpuMicrosPerMessage: simCpu / messages,
  };
}

/** Cogsmith over bare for throughput (higher is better) and CPU per message (lower is better). */
export function ratios(bare: VariantTotals, cogsmith: VariantTotals): Ratios {
  return {
    throughput: cogsmith.messagesPerSecond / bare.messagesPerSecond,
    cpuPerMessage: cogsmith.botCpuMicrosPerMessage / bare.botCpuMicrosPerMessage,
  };
}

const COLUMNS = ['repeat', 'variant', 'messages', 'wall s', 'msgs/s', 'CPU µs/msg', 'sim CPU µs/msg'] as const;
const RIGHT_ALIGNED = new Set<string>(['messages', 'wall s', 'msgs/s', 'CPU µs/msg', 'sim CPU µs/msg']);

function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function row(run: string, variant: string, messages: number, wallMs: number, perSecond: number, cpu: number, simCpu: number): string[] {
  return [run, variant, int(messages), (wallMs / 1000).toFixed(2), int(perSecond), cpu.toFixed(1), simCpu.toFixed(1)];
}

function percent(ratio: number): string {
  const p = (ratio - 1) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
}

/** Per repeat (in order), each variant's segments added up. */
function repeats(runs: readonly RunResult[]): { repeat: number; totals: VariantTotals }[] {
  const numbers = [...new Set(runs.map((r) => r.repeat))].sort((a, b) => a - b);
  return numbers.flatMap((repeat) => {
    const mine = runs.filter((r) => r.repeat === repeat);
    const variants = [...new Set(mine.map((r) => r.variant))].sort();
    return variants.map((variant) => ({ repeat, totals: totalsFor(variant, mine) }));
  });
}

/** The table and the ratio line, as lines of text. */
export function formatReport(runs: readonly RunResult[]): string[] {
  const bare = totalsFor('bare', runs);
  const cogsmith = totalsFor('cogsmith', runs);
  const r = ratios(bare, cogsmith);
  const rows: string[][] = [
    [...COLUMNS],
    ...repeats(runs).map(({ repeat, totals: t }) => row(String(repeat), t.variant, t.messages, t.wallMs, t.messagesPerSecond, t.botCpuMicrosPerMessage, t.simCpuMicrosPerMessage)),
    ...[bare, cogsmith].map((t) => row('all', t.variant, t.messages, t.wallMs, t.messagesPerSecond, t.botCpuMicrosPerMessage, t.simCpuMicrosPerMessage)),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((cells) => cells[i]!.length)));
  const lines = rows.map((cells) => cells.map((c, i) => (RIGHT_ALIGNED.has(COLUMNS[i]!) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  lines.splice(lines.length - 2, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  lines.push(
    '',
    `ratio cogsmith/bare: throughput ${r.throughput.toFixed(3)}× (${percent(r.throughput)}), CPU per message ${r.cpuPerMessage.toFixed(3)}× (${percent(r.cpuPerMessage)})`,
  );
  return lines;
}
