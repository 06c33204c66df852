/**
 * The TypeScript type a handler receives for each option, and the imports those types need: discord.js
 * classes, the runtime's EmojiValue, and types a custom converter's `from` module exports.
 */
import type { CogSpec, OptionSpec, OptionType } from '../../runtime/contract/spec.js';
import { CHANNEL_KIND_CLASSES } from '../../runtime/commands/channel-kinds.js';
import { typesOf } from '../../runtime/commands/option-shape.js';
import { quote } from './source.js';

/** What option types need imported, collected while emitting. */
export interface OptionTypeImports {
  discord: Set<string>;
  emoji: boolean;
  /** Module specifier (relative to generated/cogs/<cog>/) → type names. */
  cogModules: Map<string, Set<string>>;
}

/** A fresh import collector. */
export function newImports(): OptionTypeImports {
  return { discord: new Set(), emoji: false, cogModules: new Map() };
}

const DISCORD: Partial<Record<OptionType, string[]>> = {
  user: ['User'],
  member: ['GuildMember'],
  role: ['Role'],
  mentionable: ['GuildMember', 'Role', 'User'],
  attachment: ['Attachment'],
};

function singleType(option: OptionSpec, type: OptionType, imports: OptionTypeImports): string {
  switch (type) {
    case 'string':
    case 'snowflake':
      return 'string';
    case 'integer':
    case 'number':
    case 'duration':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'emoji':
      imports.emoji = true;
      return 'EmojiValue';
    case 'channel': {
      const classes = option.channelKinds ? [...new Set(option.channelKinds.map((k) => CHANNEL_KIND_CLASSES[k]))] : ['GuildBasedChannel'];
      classes.forEach((c) => imports.discord.add(c));
      return classes.join(' | ');
    }
    default: {
      const names = DISCORD[type]!;
      names.forEach((n) => imports.discord.add(n));
      return names.join(' | ');
    }
  }
}

/** The TypeScript type a handler receives for an option (records the imports it needs in `imports`). */
export function optionTsType(option: OptionSpec, imports: OptionTypeImports = newImports(), spec?: Pick<CogSpec, 'converters'>, folder?: string): string {
  let single: string;
  if (option.choices) single = option.choices.map((c) => (typeof c.value === 'string' ? quote(c.value) : String(c.value))).join(' | ');
  else if (option.converter) {
    const converter = spec?.converters?.find((c) => c.name === option.converter);
    single = converter ? converter.produces : 'unknown';
    if (converter?.from && folder) {
      const specifier = `../../../cogs/${folder}/${converter.from.replace(/^\.\//, '')}`;
      const names = imports.cogModules.get(specifier) ?? new Set<string>();
      names.add(converter.produces);
      imports.cogModules.set(specifier, names);
    }
  } else {
    const parts = typesOf(option).flatMap((t) => singleType(option, t, imports).split(' | '));
    single = [...new Set(parts)].join(' | ');
  }
  if (!option.list) return single;
  return /[|&\s]/.test(single) ? `(${single})[]` : `${single}[]`;
}
