/**
 * How an option travels as a slash option. Native Discord types where they exist; everything Discord
 * cannot express (emoji, duration, snowflake, custom converters, lists, most unions) is a string option
 * that the runtime parses with the very same text converter, so both routes give the same value.
 * The generator (slash JSON) and the runtime (reading interactions) both decide through this file.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import type { OptionSpec, OptionType } from '../contract/spec.js';

const NATIVE: Partial<Record<OptionType, ApplicationCommandOptionType>> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  // Discord has no member option: a user option resolves to the member inside a guild.
  member: ApplicationCommandOptionType.User,
  channel: ApplicationCommandOptionType.Channel,
  role: ApplicationCommandOptionType.Role,
  mentionable: ApplicationCommandOptionType.Mentionable,
  attachment: ApplicationCommandOptionType.Attachment,
};

const PEOPLE = new Set<OptionType>(['user', 'member']);
const MENTIONABLE = new Set<OptionType>(['user', 'member', 'role', 'mentionable']);

/** The types an option accepts, in the order text tries them. */
export function typesOf(option: OptionSpec): OptionType[] {
  return option.union && option.union.length > 0 ? option.union : [option.type];
}

/** The Discord option type used for this option. */
export function slashTypeOf(option: OptionSpec): ApplicationCommandOptionType {
  if (option.list || option.converter) return ApplicationCommandOptionType.String;
  const types = typesOf(option);
  if (types.length > 1) {
    if (types.every((t) => PEOPLE.has(t))) return ApplicationCommandOptionType.User;
    if (types.every((t) => MENTIONABLE.has(t))) return ApplicationCommandOptionType.Mentionable;
    return ApplicationCommandOptionType.String;
  }
  return NATIVE[types[0]!] ?? ApplicationCommandOptionType.String;
}

/** True when the slash route receives a string that the text converters parse (not a native value). */
export function slashParsesText(option: OptionSpec): boolean {
  return slashTypeOf(option) === ApplicationCommandOptionType.String && (option.type !== 'string' || option.list !== undefined || option.converter !== undefined || typesOf(option).length > 1);
}
