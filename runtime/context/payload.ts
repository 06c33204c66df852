/** Normalizes what a handler passes to reply/send into one discord.js message payload. */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed, AttachmentPayload, MessageMentionOptions } from 'discord.js';
import type { ReplyInput } from './types.js';

export interface MessagePayload {
  content?: string;
  embeds?: APIEmbed[];
  files?: AttachmentPayload[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: MessageMentionOptions;
}

/** Thrown when a handler asks to send nothing at all (Discord would refuse it with a vaguer error). */
export class EmptyMessageError extends CogsmithError {
  static override readonly code: ErrorCode = 'EMPTY_MESSAGE';
}

/** Builds the payload, attaching the command's allowed mentions; ephemeral is handled by the caller. */
export function toPayload(input: ReplyInput, allowedMentions: MessageMentionOptions): MessagePayload {
  const options = typeof input === 'string' ? { content: input } : input;
  const payload: MessagePayload = { allowedMentions };
  if (options.content !== undefined && options.content !== '') payload.content = options.content;
  if (options.embeds && options.embeds.length > 0) payload.embeds = options.embeds;
  if (options.files && options.files.length > 0) payload.files = options.files;
  if (options.components && options.components.length > 0) payload.components = options.components;
  if (!payload.content && !payload.embeds && !payload.files) throw new EmptyMessageError('A reply needs content, embeds or files.');
  return payload;
}

/** Whether the caller asked for an ephemeral reply. */
export function wantsEphemeral(input: ReplyInput): boolean {
  return typeof input !== 'string' && input.ephemeral === true;
}
