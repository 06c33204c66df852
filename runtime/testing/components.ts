/**
 * Message-component interactions (type 3, MESSAGE_COMPONENT): a member pressing a button or choosing in a
 * select menu on a message the bot sent. Built like Discord's: the full message, `data.custom_id` and
 * `component_type` (and `values` for a menu, select-menus.ts), the member (or user in DMs) and the app's
 * permissions. The bot answers through the usual callback: 4 (reply), 5 (deferred reply), 6 (deferred
 * update: no visible change) or 7 (update: edits the message the component is on).
 *
 * Refused, as Discord's client would never send them: a component that is not on the message, a disabled
 * one, a message the member cannot see, and another user's ephemeral message.
 */
import { ComponentType, InteractionType, MessageFlags, PermissionFlagsBits, type APIMessage } from 'discord.js';
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { SimCore } from './core.js';
import { interactionEnvelope, type SimInteraction } from './interactions.js';
import type { ChannelRecord } from './state.js';

/** A press or choice Discord's client would never send; the message says which check refused it. */
export class ComponentRefusedError extends CogsmithError {
  static override readonly code: ErrorCode = 'SIMULATOR_COMPONENT_REFUSED';
}

/** The fields of a component the simulator reads (buttons and select menus alike). */
export interface ComponentLike {
  type: number;
  custom_id?: string;
  disabled?: boolean;
  label?: string;
  url?: string;
  components?: ComponentLike[];
}

/** Every component of a message in document order, rows before the components they hold. */
export function flatComponents(message: Pick<APIMessage, 'components'>): ComponentLike[] {
  const out: ComponentLike[] = [];
  const walk = (list: ComponentLike[] | undefined) => {
    for (const c of list ?? []) {
      out.push(c);
      walk(c.components);
    }
  };
  walk(message.components as unknown as ComponentLike[]);
  return out;
}

/** Where a component interaction happens, once the checks every component shares have passed. */
export interface ComponentTarget {
  message: APIMessage;
  channel: ChannelRecord;
}

/**
 * The message `messageId` as `userId` may act on it: it exists, they are a member who can see its channel,
 * and it is not someone else's ephemeral message. `verb` names the simulator method in errors.
 */
export function componentTarget(core: SimCore, verb: string, messageId: string, userId: string, interactions: ReadonlyMap<string, SimInteraction>): ComponentTarget {
  const { state } = core;
  const message = state.messages.get(messageId);
  if (!message) throw new ComponentRefusedError(`${verb}: message ${messageId} does not exist (deleted?)`);
  const channel = state.channel(message.channel_id);
  if (channel.guildId) {
    if (!state.guild(channel.guildId).members.has(userId)) throw new ComponentRefusedError(`${verb}: user ${userId} is not a member of guild ${channel.guildId}`);
    if (!(state.permissionsIn(channel, userId) & PermissionFlagsBits.ViewChannel)) throw new ComponentRefusedError(`${verb}: user ${userId} cannot see channel ${channel.id}`);
  }
  if (message.flags! & MessageFlags.Ephemeral) {
    const owner = [...interactions.values()].find((i) => i.originalMessageId === message.id || i.followUpIds.includes(message.id));
    if (owner && owner.userId !== userId) throw new ComponentRefusedError(`${verb}: message ${messageId} is ephemeral: only user ${owner.userId} can see it`);
  }
  return { message, channel };
}

/** The interaction for `userId` acting on a component of `target` with `data` (custom_id, component_type, ...). */
export function componentInteraction(core: SimCore, target: ComponentTarget, userId: string, data: { custom_id: string; component_type: number } & Record<string, unknown>): SimInteraction {
  const { message, channel } = target;
  const { id, token, fields } = interactionEnvelope(core, channel, userId);
  const payload: Record<string, unknown> = {
    id,
    application_id: core.applicationId,
    type: InteractionType.MessageComponent,
    data,
    message: { ...message, ...(channel.guildId ? { guild_id: channel.guildId } : {}) },
    ...fields,
  };
  return {
    id,
    token,
    commandName: '',
    subcommandPath: [],
    guildId: channel.guildId,
    channelId: channel.id,
    userId,
    payload,
    createdAt: Date.now(),
    responseType: null,
    originalMessageId: null,
    followUpIds: [],
    modal: null,
    componentMessageId: message.id,
    customId: data.custom_id,
  };
}

/** Builds the interaction for `userId` pressing the button `customId` on `messageId` (not yet dispatched). */
export function buildButtonInteraction(core: SimCore, messageId: string, customId: string, userId: string, interactions: ReadonlyMap<string, SimInteraction>): SimInteraction {
  const target = componentTarget(core, 'clickButton', messageId, userId, interactions);
  const buttons = flatComponents(target.message).filter((c) => c.type === ComponentType.Button);
  const button = buttons.find((c) => c.custom_id === customId);
  if (!button) {
    throw new ComponentRefusedError(`clickButton: message ${messageId} has no button "${customId}" (buttons: ${buttons.map((b) => b.custom_id ?? '(link)').join(', ') || 'none'})`);
  }
  if (button.disabled) throw new ComponentRefusedError(`clickButton: button "${customId}" is disabled, so Discord would not let anyone press it`);
  return componentInteraction(core, target, userId, { custom_id: customId, component_type: ComponentType.Button });
}
