/**
 * `:press` and `:pick` of the sandbox chat: which message they act on (the board of tagged messages), which
 * button a typed number or label names, and which menu values typed choices name. Everything that cannot
 * be done is a ChatInputError whose message says what was wrong and what would work. Pure apart from the
 * board's memory of what was shown; the session does the pressing.
 */
import { ComponentType, type APIMessage } from 'discord-api-types/v10';
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import { controlsOf, describeControl, howMany, MENU_CHOOSES, nameControl, renderControls, type Control } from './controls.js';
import { channelLabel, resolveChannel, resolveMember, resolveRole, type Directory } from './directory.js';

/** A chat command that cannot be carried out; the message says why and what would work. */
export class ChatInputError extends CogsmithError {
  static override readonly code: ErrorCode = 'CHAT_INPUT';
}

/** A message to act on, with its tag. */
export interface BoardTarget {
  message: APIMessage;
  tag: string;
}

/**
 * The messages the chat showed with buttons or menus, tagged `m1`, `m2`... in the order they first
 * appeared; "the latest" is the one shown (or shown again, after an update) most recently.
 */
export class ControlBoard {
  readonly #tags = new Map<string, string>();
  readonly #ids = new Map<string, string>();
  #order: string[] = [];

  /** Notes that `message` was printed; returns its tag when it has, or once had, buttons or menus. */
  shown(message: APIMessage): string | undefined {
    let tag = this.#tags.get(message.id);
    if (!tag) {
      if (controlsOf(message).length === 0) return undefined;
      tag = `m${this.#tags.size + 1}`;
      this.#tags.set(message.id, tag);
      this.#ids.set(tag, message.id);
    }
    this.#order = [...this.#order.filter((id) => id !== message.id), message.id];
    return tag;
  }

  /**
   * The message `tag` names, else the latest shown that still has controls and that `canSee` allows;
   * `lookup` reads messages as they are now (undefined once deleted).
   */
  target(tag: string | undefined, lookup: (id: string) => APIMessage | undefined, canSee: (message: APIMessage) => boolean): BoardTarget {
    if (tag !== undefined) {
      const id = this.#ids.get(tag);
      if (!id) throw new ChatInputError(`There is no ${tag}; ${this.#tags.size ? `messages with buttons or menus so far: ${[...this.#ids.keys()].join(', ')}` : 'no message with buttons or menus was shown yet'}.`);
      const message = lookup(id);
      if (!message) throw new ChatInputError(`${tag} was deleted.`);
      if (!canSee(message)) throw new ChatInputError(`You cannot see ${tag} as the member you speak as (:as changes who that is).`);
      if (controlsOf(message).length === 0) throw new ChatInputError(`${tag} has no buttons or menus any more.`);
      return { message, tag };
    }
    for (const id of [...this.#order].reverse()) {
      const message = lookup(id);
      if (message && canSee(message) && controlsOf(message).length > 0) return { message, tag: this.#tags.get(id)! };
    }
    throw new ChatInputError('No message shown so far has buttons or menus to use.');
  }
}

/** `m1: [1 ◀] ... in #general` and how to use them: what `:press` or `:pick` alone shows. */
export function listControls(target: BoardTarget, directory: Directory): string[] {
  const lines = renderControls(controlsOf(target.message), target.tag);
  return [...lines.map((l, i) => (i === 0 ? `${l}   (in ${channelLabel(directory, target.message.channel_id)})` : l)), 'Press a button with :press <number or label>, choose in a menu with :pick <choices>.'];
}

/** The button `ref` (its number, or its label) of the target, if it can be pressed. */
export function buttonToPress(target: BoardTarget, ref: string): Control & { customId: string } {
  const controls = controlsOf(target.message);
  const { tag } = target;
  const buttons = controls.filter((c) => c.kind !== 'menu');
  const list = buttons.map(describeControl).join(', ');
  if (buttons.length === 0) throw new ChatInputError(`${tag} has no buttons; choose in its menu with :pick ${tag} <choices>.`);
  let control: Control | undefined;
  if (/^\d+$/.test(ref)) {
    control = controls.find((c) => c.number === Number(ref));
    if (!control) throw new ChatInputError(`${tag} has no button ${ref}: it has ${count(buttons.length, 'button')}: ${list}.`);
    if (control.kind === 'menu') throw new ChatInputError(`${ref} on ${tag} is a menu, not a button: choose in it with :pick ${tag} ${ref} <choices>.`);
  } else {
    const wanted = ref.toLowerCase();
    // The whole label first; then one word of it (a button shown as `👍 Like` answers to `like` and `👍`).
    const exact = buttons.filter((c) => c.label.toLowerCase() === wanted);
    const matches = exact.length > 0 ? exact : buttons.filter((c) => c.label.toLowerCase().split(' ').includes(wanted));
    if (matches.length === 0) throw new ChatInputError(`${tag} has no button "${ref}"; its buttons: ${list}.`);
    if (matches.length > 1) throw new ChatInputError(`Several buttons of ${tag} are labelled "${ref}" (${matches.map((c) => c.number).join(', ')}): press one by its number.`);
    control = matches[0]!;
  }
  const name = `Button ${nameControl(control)} of ${tag}`;
  if (control.kind === 'link') throw new ChatInputError(`${name} is a link to ${control.url ?? 'nowhere'}: open it in a browser; a link sends nothing to the bot.`);
  if (control.kind === 'premium') throw new ChatInputError(`${name} is a purchase button; the sandbox cannot buy anything.`);
  if (control.disabled) throw new ChatInputError(`${name} is disabled, so it cannot be pressed.`);
  return control as Control & { customId: string };
}

/** What `:pick` chooses: the menu, the values to send, and the choices as shown (for the transcript). */
export interface Picked {
  menu: Control & { customId: string };
  values: string[];
  shown: string[];
}

/** The menu and values `text` names on the target: `[menu number] choice[, choice...]`. */
export function choicesToPick(target: BoardTarget, text: string, directory: Directory): Picked {
  const controls = controlsOf(target.message);
  const { tag } = target;
  const menus = controls.filter((c) => c.kind === 'menu');
  if (menus.length === 0) throw new ChatInputError(`${tag} has no menu to choose in; press its buttons with :press ${tag} <button>.`);
  // A leading number names the menu when it is the number of a control; otherwise it is a choice.
  const numbered = /^(\d+)(?:\s+(.*))?$/s.exec(text);
  let menu: Control | undefined;
  let choices = text;
  if (numbered && controls.some((c) => c.number === Number(numbered[1]))) {
    menu = controls.find((c) => c.number === Number(numbered[1]))!;
    if (menu.kind !== 'menu') throw new ChatInputError(`${numbered[1]} on ${tag} is a button, not a menu: press it with :press ${tag} ${numbered[1]}.`);
    choices = numbered[2]?.trim() ?? '';
  } else if (menus.length > 1) {
    throw new ChatInputError(`${tag} has ${menus.length} menus (${menus.map((c) => `${c.number} ${c.label || 'menu'}`).join(', ')}): say which by its number, e.g. :pick ${tag} ${menus[0]!.number} <choices>.`);
  } else {
    menu = menus[0]!;
  }
  const spec = menu.menu!;
  const name = `Menu ${nameControl(menu)} of ${tag}`;
  if (menu.disabled) throw new ChatInputError(`${name} is disabled, so nothing can be chosen in it.`);
  const offered = spec.type === ComponentType.StringSelect ? spec.options.map((o) => o.label).join(', ') : `${MENU_CHOOSES[spec.type]} by name`;
  if (choices === '') throw new ChatInputError(`:pick needs what to choose in ${name} (${howMany(spec)}): ${offered}.`);
  const picked = splitChoices(choices, spec.type === ComponentType.StringSelect ? (whole) => spec.options.some((o) => matchesOption(o, whole)) : () => false);
  const values: string[] = [];
  const shown: string[] = [];
  for (const choice of picked) {
    const value = valueOf(menu, choice, directory, name);
    if (values.includes(value)) throw new ChatInputError(`${name}: "${choice}" is chosen twice.`);
    values.push(value);
    shown.push(spec.type === ComponentType.StringSelect ? spec.options.find((o) => o.value === value)!.label : choice);
  }
  if (values.length < spec.min || values.length > spec.max) {
    throw new ChatInputError(`${name} takes ${spec.min === spec.max ? spec.min : `${spec.min} to ${spec.max}`} choice${spec.max === 1 ? '' : 's'}, got ${values.length}.`);
  }
  return { menu: menu as Control & { customId: string }, values, shown };
}

/** Choices separated by commas; without commas the whole text when it names one option, else its words ("quoted words" stay together). */
function splitChoices(text: string, namesOne: (whole: string) => boolean): string[] {
  const unquote = (s: string) => s.trim().replace(/^"(.*)"$/s, '$1');
  if (text.includes(',')) return text.split(',').map(unquote).filter(Boolean);
  if (namesOne(unquote(text))) return [unquote(text)];
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).filter(Boolean);
}

function matchesOption(option: { label: string; value: string }, text: string): boolean {
  return option.value === text || option.label.toLowerCase() === text.toLowerCase() || option.value.toLowerCase() === text.toLowerCase();
}

/** The value a typed choice stands for in `menu`: an option's value, or the id of a member, role or channel. */
function valueOf(menu: Control, choice: string, directory: Directory, name: string): string {
  const spec = menu.menu!;
  const names = (list: { name?: string; username?: string }[]) => list.map((x) => x.name ?? x.username).join(', ');
  const members = directory.members.filter((m) => !m.bot);
  let id: string | undefined;
  switch (spec.type) {
    case ComponentType.StringSelect:
      id = (spec.options.find((o) => o.value === choice) ?? spec.options.find((o) => matchesOption(o, choice)))?.value;
      if (id === undefined) throw new ChatInputError(`${name} has no option "${choice}"; its options: ${spec.options.map((o) => o.label).join(', ') || 'none'}.`);
      return id;
    case ComponentType.UserSelect:
      id = resolveMember(directory, choice);
      if (!id) throw new ChatInputError(`${name} chooses members; there is no member "${choice}". Members: ${names(members)}.`);
      return id;
    case ComponentType.RoleSelect:
      id = resolveRole(directory, choice);
      if (!id) throw new ChatInputError(`${name} chooses roles; there is no role "${choice}". Roles: ${names(directory.roles)}.`);
      return id;
    case ComponentType.MentionableSelect:
      id = resolveMember(directory, choice) ?? resolveRole(directory, choice);
      if (!id) throw new ChatInputError(`${name} chooses members or roles; "${choice}" is neither. Members: ${names(members)}; roles: ${names(directory.roles)}.`);
      return id;
    case ComponentType.ChannelSelect:
      id = resolveChannel(directory, choice);
      if (!id) throw new ChatInputError(`${name} chooses channels; there is no channel "${choice}". Channels: ${directory.channels.filter((c) => !c.dm).map((c) => `#${c.name}`).join(', ')}.`);
      return id;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
