/**
 * Message-component interactions (type 3, MESSAGE_COMPONENT): a member pressing a button on a message the
 * bot sent. Built like Discord's: the full message, `data.custom_id` and `component_type`, the member (or
 * user in DMs) and the app's permissions. The bot answers through the usual callback: 4 (reply), 5 (deferred
 * reply), 6 (deferred update: no visible change) or 7 (update: edits the message the button is on).
 *
 * Refused, as Discord's client would never send them: a button that is not on the message, a disabled
 * button, a message the member cannot see, and another user's ephemeral message.
 */
import { ComponentType, InteractionType, MessageFlags, PermissionFlagsBits, type APIMessage } from 'discord.js';
import type { SimCore } from './core.js';
import { interactionEnvelope, type SimInteraction } from './interactions.js';

interface ButtonLike {
  type: number;
  custom_id?: string;
  disabled?: boolean;
  components?: ButtonLike[];
}

/** Every component of a message, rows flattened. */
function flatComponents(message: APIMessage): ButtonLike[] {
  const out: ButtonLike[] = [];
  const walk = (list: ButtonLike[] | undefined) => {
    for (const c of list ?? []) {
      out.push(c);
      walk(c.components);
    }
  };
  walk(message.components as unknown as ButtonLike[]);
  return out;
}

/** Builds the interaction for `userId` pressing the button `customId` on `messageId` (not yet dispatched). */
export function buildButtonInteraction(core: SimCore, messageId: string, customId: string, userId: string, interactions: ReadonlyMap<string, SimInteraction>): SimInteraction {
  const { state } = core;
  const message = state.messages.get(messageId);
  if (!message) throw new Error(`clickButton: message ${messageId} does not exist (deleted?)`);
  const channel = state.channel(message.channel_id);
  const buttons = flatComponents(message).filter((c) => c.type === ComponentType.Button);
  const button = buttons.find((c) => c.custom_id === customId);
  if (!button) {
    throw new Error(`clickButton: message ${messageId} has no button "${customId}" (buttons: ${buttons.map((b) => b.custom_id ?? '(link)').join(', ') || 'none'})`);
  }
  if (button.disabled) throw new Error(`clickButton: button "${customId}" is disabled, so Discord would not let anyone press it`);
  const member = channel.guildId ? state.guild(channel.guildId).members.get(userId) : undefined;
  if (channel.guildId) {
    if (!member) throw new Error(`clickButton: user ${userId} is not a member of guild ${channel.guildId}`);
    if (!(state.permissionsIn(channel, userId) & PermissionFlagsBits.ViewChannel)) throw new Error(`clickButton: user ${userId} cannot see channel ${channel.id}`);
  }
  if (message.flags! & MessageFlags.Ephemeral) {
    const owner = [...interactions.values()].find((i) => i.originalMessageId === message.id || i.followUpIds.includes(message.id));
    if (owner && owner.userId !== userId) throw new Error(`clickButton: message ${messageId} is ephemeral: only user ${owner.userId} can see it`);
  }
  const { id, token, fields } = interactionEnvelope(core, channel, userId);
  const payload: Record<string, unknown> = {
    id,
    application_id: core.applicationId,
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
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
    customId,
  };
}
