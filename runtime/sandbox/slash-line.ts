/**
 * Parses a typed slash line — `/name [group] [sub] opt:value opt2:"quoted value"` — against the commands
 * the bot registered, converting each value by its option's type (numbers, booleans, and members, channels
 * and roles given by name, mention or id). Pure: the registered commands and the guild's directory are inputs.
 *
 * Convenience beyond Discord's client: a value without `name:` fills the next option not yet given, and
 * words left over are added to the last string option, so `/hello alice` works as `/hello member:alice`.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { SlashOptionValue } from '../testing/interactions.js';
import { resolveChannel, resolveMember, resolveRole, type Directory } from './directory.js';

/** A slash line ready for the simulator: the command path (`'config set'`) and option values by name. */
export interface ParsedSlashLine {
  command: string;
  options: Record<string, SlashOptionValue>;
}

/** The line cannot be run; the message says what is wrong and what would work. */
export class SlashLineError extends CogsmithError {
  static override readonly code: ErrorCode = 'SLASH_LINE';
}

interface Token {
  /** The text with quotes removed and escapes applied. */
  text: string;
  /** The option name when the token began with `name:` outside quotes. */
  name?: string;
}

/** Splits a line into words; double quotes group, `\"` and `\\` escape, `name:` before a value is noted. */
export function tokenizeSlashLine(line: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let started = false;
  let quoted = false;
  let name: string | undefined;
  const push = () => {
    if (started) tokens.push(name === undefined ? { text } : { text, name });
    text = '';
    started = false;
    name = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
      text += line[++i];
      started = true;
    } else if (ch === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(ch)) {
      push();
    } else if (!quoted && ch === ':' && name === undefined && /^[\p{L}\p{N}_-]{1,32}$/u.test(text) && text === line.slice(i - text.length, i)) {
      // `name:` counts only when typed plainly (no quotes in it), so `"a:b"` stays a value.
      name = text.toLowerCase();
      text = '';
    } else {
      text += ch;
      started = true;
    }
  }
  if (quoted) throw new SlashLineError('A double quote is not closed.');
  if (name !== undefined) started = true; // `opt:` with an empty value
  push();
  return tokens;
}

const SUB = new Set<number>([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

/** Parses `line` (starting with `/`) against `commands`; throws SlashLineError with a helpful message. */
export function parseSlashLine(line: string, commands: readonly APIApplicationCommand[], directory: Directory): ParsedSlashLine {
  const tokens = tokenizeSlashLine(line.trim().replace(/^\//, ''));
  const first = tokens.shift();
  const chatInput = commands.filter((c) => (c.type ?? 1) === 1);
  const available = chatInput.map((c) => `/${c.name}`).sort().join(', ') || 'none';
  if (!first || first.name !== undefined || first.text === '') throw new SlashLineError(`Type a command after the slash, e.g. /ping. Commands: ${available}.`);
  const command = chatInput.find((c) => c.name === first.text.toLowerCase());
  if (!command) throw new SlashLineError(`The bot has no slash command /${first.text}. Commands: ${available}.`);

  const path = [command.name];
  let defs: APIApplicationCommandOption[] = command.options ?? [];
  while (defs.some((d) => SUB.has(d.type))) {
    const next = tokens[0];
    const choices = defs.filter((d) => SUB.has(d.type)).map((d) => d.name);
    const sub = next && next.name === undefined ? defs.find((d) => SUB.has(d.type) && d.name === next.text.toLowerCase()) : undefined;
    if (!sub) throw new SlashLineError(`/${path.join(' ')} needs one of: ${choices.join(', ')}${next ? ` (got "${next.text}")` : ''}.`);
    tokens.shift();
    path.push(sub.name);
    defs = ('options' in sub ? sub.options : undefined) ?? [];
  }

  const shown = `/${path.join(' ')}`;
  const options: Record<string, SlashOptionValue> = {};
  const given = new Map<string, string>();
  let lastPositional: APIApplicationCommandOption | undefined;
  for (const token of tokens) {
    if (token.name !== undefined) {
      const def = defs.find((d) => d.name === token.name);
      if (!def) throw new SlashLineError(`${shown} has no option "${token.name}". Options: ${describeOptions(defs)}.`);
      if (given.has(def.name)) throw new SlashLineError(`${shown}: option "${def.name}" is given twice.`);
      given.set(def.name, token.text);
      lastPositional = undefined;
      continue;
    }
    const next = defs.find((d) => !given.has(d.name));
    if (next) {
      given.set(next.name, token.text);
      lastPositional = next;
    } else if (lastPositional?.type === ApplicationCommandOptionType.String) {
      given.set(lastPositional.name, `${given.get(lastPositional.name)} ${token.text}`);
    } else {
      throw new SlashLineError(`${shown}: there is no option left for "${token.text}". Options: ${describeOptions(defs)}.`);
    }
  }
  for (const [name, text] of given) options[name] = convert(defs.find((d) => d.name === name)!, text, shown, directory);
  const missing = defs.filter((d) => 'required' in d && d.required && !given.has(d.name));
  if (missing.length > 0) {
    throw new SlashLineError(`${shown} needs ${missing.map((d) => `${d.name}:<${typeName(d.type)}>`).join(' ')}. Options: ${describeOptions(defs)}.`);
  }
  return { command: path.join(' '), options };
}

/** `member:<member> (optional) — Who to greet` for each option, for error messages and help. */
export function describeOptions(defs: readonly APIApplicationCommandOption[]): string {
  if (defs.length === 0) return 'none';
  return defs.map((d) => `${d.name}:<${typeName(d.type)}>${'required' in d && d.required ? '' : ' (optional)'}`).join(', ');
}

function typeName(type: ApplicationCommandOptionType): string {
  switch (type) {
    case ApplicationCommandOptionType.String:
      return 'text';
    case ApplicationCommandOptionType.Integer:
      return 'whole number';
    case ApplicationCommandOptionType.Number:
      return 'number';
    case ApplicationCommandOptionType.Boolean:
      return 'yes/no';
    case ApplicationCommandOptionType.User:
      return 'member';
    case ApplicationCommandOptionType.Channel:
      return 'channel';
    case ApplicationCommandOptionType.Role:
      return 'role';
    case ApplicationCommandOptionType.Mentionable:
      return 'member or role';
    case ApplicationCommandOptionType.Attachment:
      return 'file name';
    default:
      return 'value';
  }
}

const TRUE = new Set(['true', 'yes', 'y', 'on', '1', 'enable']);
const FALSE = new Set(['false', 'no', 'n', 'off', '0', 'disable']);

function convert(def: APIApplicationCommandOption, text: string, shown: string, directory: Directory): SlashOptionValue {
  const bad = (expected: string) => new SlashLineError(`${shown}: "${def.name}" must be ${expected}, got "${text}".`);
  const names = (list: { name?: string; username?: string }[]) => list.map((x) => x.name ?? x.username).join(', ');
  switch (def.type) {
    case ApplicationCommandOptionType.String: {
      // A choice may be typed by its shown name as well as by its value.
      const choice = 'choices' in def ? def.choices?.find((c) => c.name.toLowerCase() === text.toLowerCase() && c.value !== text) : undefined;
      return choice ? String(choice.value) : text;
    }
    case ApplicationCommandOptionType.Integer: {
      if (!/^[-+]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw bad('a whole number');
      return Number(text);
    }
    case ApplicationCommandOptionType.Number: {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) throw bad('a number');
      return value;
    }
    case ApplicationCommandOptionType.Boolean: {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw bad('yes or no (true/false)');
    }
    case ApplicationCommandOptionType.User: {
      const id = resolveMember(directory, text);
      if (!id) throw bad(`a member (${names(directory.members)})`);
      return id;
    }
    case ApplicationCommandOptionType.Channel: {
      const id = resolveChannel(directory, text);
      if (!id) throw bad(`a channel (${directory.channels.filter((c) => !c.dm).map((c) => `#${c.name}`).join(', ')})`);
      return id;
    }
    case ApplicationCommandOptionType.Role: {
      const id = resolveRole(directory, text);
      if (!id) throw bad(`a role (${names(directory.roles)})`);
      return id;
    }
    case ApplicationCommandOptionType.Mentionable: {
      const id = resolveMember(directory, text) ?? resolveRole(directory, text);
      if (!id) throw bad(`a member or a role (${names([...directory.members, ...directory.roles])})`);
      return id;
    }
    case ApplicationCommandOptionType.Attachment:
      if (text === '') throw bad('a file name');
      return { attachment: { filename: text } };
    default:
      throw bad('a value of a known type');
  }
}
