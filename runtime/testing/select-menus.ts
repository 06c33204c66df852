/**
 * Select-menu interactions: a member choosing values in a string, user, role, mentionable or channel select
 * menu of a bot message. The payload is Discord's: `data.values` (option values, or ids) and, for the menus
 * that pick entities, `data.resolved` with the users (and members), roles and channels chosen.
 *
 * Refused, as Discord's client would never send them (besides the checks every component has,
 * components.ts): a menu that is not on the message, a disabled one, fewer than `min_values` (default 1) or
 * more than `max_values` (default 1) values, the same value twice, a value that is not one of a string
 * menu's options, an id that is not a member (user menus in a guild), a role of the guild, or a channel of
 * the guild of the allowed `channel_types`.
 */
import { ComponentType, type APIMessage } from 'discord.js';
import { componentInteraction, componentTarget, ComponentRefusedError, flatComponents, type ComponentLike } from './components.js';
import type { SimCore } from './core.js';
import type { ChannelHandle, MemberHandle, RoleHandle, UserHandle } from './handles.js';
import type { SimInteraction } from './interactions.js';
import { ResolvedCollector } from './resolved.js';
import type { ChannelRecord, SimState } from './state.js';

/** A value to choose: a string menu's option value, or an id (or handle) of a user, member, role or channel. */
export type SelectValue = string | UserHandle | MemberHandle | RoleHandle | ChannelHandle;

/** The component types of select menus: string, user, role, mentionable, channel. */
export const SELECT_MENU_TYPES = [ComponentType.StringSelect, ComponentType.UserSelect, ComponentType.RoleSelect, ComponentType.MentionableSelect, ComponentType.ChannelSelect] as const;
export type SelectMenuType = (typeof SELECT_MENU_TYPES)[number];

/** True for a component that is a select menu of any kind. */
export function isSelectMenu(component: { type: number }): boolean {
  return (SELECT_MENU_TYPES as readonly number[]).includes(component.type);
}

interface SelectMenuLike extends ComponentLike {
  options?: { value: string; label: string }[];
  min_values?: number;
  max_values?: number;
  channel_types?: number[];
}

/** Builds the interaction for `userId` choosing `values` in the select menu `customId` on `messageId` (not yet dispatched). */
export function buildSelectInteraction(
  core: SimCore,
  messageId: string,
  customId: string,
  values: readonly SelectValue[],
  userId: string,
  interactions: ReadonlyMap<string, SimInteraction>,
): SimInteraction {
  const target = componentTarget(core, 'selectOptions', messageId, userId, interactions);
  const menus = selectMenusOf(target.message);
  const menu = menus.find((c) => c.custom_id === customId);
  if (!menu) throw new ComponentRefusedError(`selectOptions: message ${messageId} has no select menu "${customId}" (menus: ${menus.map((m) => m.custom_id).join(', ') || 'none'})`);
  const where = `selectOptions: menu "${customId}"`;
  if (menu.disabled) throw new ComponentRefusedError(`${where} is disabled, so Discord would not let anyone choose in it`);
  const ids = values.map((v) => (typeof v === 'string' ? v : v.id));
  const min = menu.min_values ?? 1;
  const max = menu.max_values ?? 1;
  if (ids.length < min || ids.length > max) throw new ComponentRefusedError(`${where} takes ${min === max ? min : `${min} to ${max}`} value(s), got ${ids.length}`);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new ComponentRefusedError(`${where}: "${twice}" is chosen twice`);
  const resolved = new ResolvedCollector(core.state, target.channel, userId);
  for (const id of ids) resolveValue(core.state, target.channel, menu, id, resolved, where);
  return componentInteraction(core, target, userId, {
    custom_id: customId,
    component_type: menu.type,
    values: ids,
    ...(resolved.empty ? {} : { resolved: resolved.data }),
  });
}

/** Checks one chosen value against the menu, adding what it names to `resolved`. */
function resolveValue(state: SimState, channel: ChannelRecord, menu: SelectMenuLike, id: string, resolved: ResolvedCollector, where: string): void {
  const guild = channel.guildId ? state.guild(channel.guildId) : undefined;
  const asUser = (): boolean => {
    if (!state.users.has(id)) return false;
    if (guild && !guild.members.has(id)) throw new ComponentRefusedError(`${where}: user ${id} is not a member of this guild, so the menu does not offer them`);
    resolved.user(id);
    return true;
  };
  const asRole = (): boolean => {
    const role = guild?.roles.get(id);
    if (role) resolved.role(role);
    return role !== undefined;
  };
  switch (menu.type) {
    case ComponentType.StringSelect: {
      const options = menu.options ?? [];
      if (!options.some((o) => o.value === id)) throw new ComponentRefusedError(`${where} has no option "${id}" (options: ${options.map((o) => o.value).join(', ') || 'none'})`);
      return;
    }
    case ComponentType.UserSelect:
      if (!asUser()) throw new ComponentRefusedError(`${where}: ${id} is not a user`);
      return;
    case ComponentType.RoleSelect:
      if (!asRole()) throw new ComponentRefusedError(`${where}: ${id} is not a role of this guild`);
      return;
    case ComponentType.MentionableSelect:
      if (!asRole() && !asUser()) throw new ComponentRefusedError(`${where}: ${id} is neither a user nor a role of this guild`);
      return;
    case ComponentType.ChannelSelect: {
      const target = state.findChannel(id);
      if (!target || (guild ? target.guildId !== guild.id : target.id !== channel.id)) throw new ComponentRefusedError(`${where}: ${id} is not a channel of this guild`);
      if (menu.channel_types && !menu.channel_types.includes(target.type)) {
        throw new ComponentRefusedError(`${where} accepts channel types ${menu.channel_types.join(', ')}, not ${target.type}`);
      }
      resolved.channelOf(target);
      return;
    }
  }
}

/** The select menus of a message (for error messages and the sandbox). */
export function selectMenusOf(message: Pick<APIMessage, 'components'>): SelectMenuLike[] {
  return flatComponents(message).filter(isSelectMenu) as SelectMenuLike[];
}
