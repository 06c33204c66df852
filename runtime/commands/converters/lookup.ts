/**
 * Finding a Discord object from what a user typed: the id inside a mention or a bare id, else a name,
 * and the refusal when nothing matches.
 * Shared by the mentionable family and channels, which differ only in mention syntax and names compared.
 */
import type { OptionSpec } from '../../contract/spec.js';
import { Identifiers, UserInputError, shown, type Identifier } from '../errors.js';
import { label } from './label.js';

const SNOWFLAKE = /^\d{15,21}$/;

/** The id inside a mention such as `<@123>`, `<@!123>`, `<#123>`, `<@&123>`, or a bare id. */
export function idFrom(raw: string, mention: RegExp): string | null {
  const text = raw.trim();
  const m = mention.exec(text);
  if (m) return m[1]!;
  return SNOWFLAKE.test(text) ? text : null;
}

/** Picks the one match, or says the input is ambiguous; exact matches win over case-insensitive ones. */
export function pickByName<T>(option: OptionSpec, raw: string, items: T[], names: (item: T) => (string | null | undefined)[], describe: (item: T) => string): T | null {
  const wanted = raw.trim().replace(/^[@#]/, '');
  const exact = items.filter((item) => names(item).some((n) => n === wanted));
  const lower = wanted.toLowerCase();
  const found = exact.length > 0 ? exact : items.filter((item) => names(item).some((n) => n != null && n.toLowerCase() === lower));
  if (found.length > 1) {
    const listed = found.slice(0, 5).map((f) => shown(describe(f))).join(', ');
    throw new UserInputError(
      Identifiers.Ambiguous,
      `${label(option)} matches several: ${listed}${found.length > 5 ? ', …' : ''}. Use a mention or an id.`,
      { option: option.name, raw, count: found.length },
    );
  }
  return found[0] ?? null;
}

/** The refusal when nothing matches: what the option wanted (`a role of this server`), and that no `role` matches. */
export function notFound(identifier: Identifier, option: OptionSpec, raw: string, wanted: string, noun: string): UserInputError {
  return new UserInputError(identifier, `${label(option)} must be ${wanted} (a mention, an id or a name); no ${noun} matches ${shown(raw)}.`, { option: option.name, raw });
}
