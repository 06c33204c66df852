/**
 * Levels, and which one applies to a logger. A logger's name is its scope's segments joined by `:` (the
 * bot's logger is `cogsmith:bot`, a cog's `cogsmith:bot:cog:economy`, its children below that). A rule
 * names a run of segments, `cog:economy`, and applies to every logger whose name contains that run: the
 * cog's logger and all its children. When several rules apply, the one naming the most segments wins, then
 * the one matching deepest in the name (`cog=debug` beats `bot=warn` for `cogsmith:bot:cog:x`).
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where the run `rule` occurs in `scope` (segment arrays), the deepest start, or -1. */
function deepestMatch(scope: readonly string[], rule: readonly string[]): number {
  for (let start = scope.length - rule.length; start >= 0; start--) {
    if (rule.every((segment, i) => scope[start + i] === segment)) return start;
  }
  return -1;
}

/** The level of the logger `scope` under `rules`. */
export function levelFor(rules: { default: LogLevel; loggers: Record<string, LogLevel> }, scope: string): LogLevel {
  const segments = scope.split(':');
  let best: { length: number; start: number; level: LogLevel } | undefined;
  for (const [name, level] of Object.entries(rules.loggers)) {
    const rule = name.split(':');
    const start = deepestMatch(segments, rule);
    if (start < 0) continue;
    if (!best || rule.length > best.length || (rule.length === best.length && start > best.start)) best = { length: rule.length, start, level };
  }
  return best?.level ?? rules.default;
}
