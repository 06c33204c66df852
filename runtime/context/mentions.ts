/**
 * Turns a command's mention policy into discord.js `allowedMentions`. Everything is off unless the
 * manifest opts in, so echoing `@everyone` or a role mention pings nobody.
 */
import type { MessageMentionOptions, MessageMentionTypes } from 'discord.js';
import type { MentionPolicy } from '../contract/spec.js';

/** The safe default: nobody is pinged, not even the replied-to user. */
export const NO_MENTIONS: MentionPolicy = { everyone: false, roles: false, users: false, repliedUser: false };

/** The `allowedMentions` to send with every message of a command. */
export function allowedMentionsFor(policy: MentionPolicy | undefined): MessageMentionOptions {
  const p = policy ?? NO_MENTIONS;
  const parse: MessageMentionTypes[] = [];
  if (p.everyone) parse.push('everyone');
  if (p.roles) parse.push('roles');
  if (p.users) parse.push('users');
  return { parse, repliedUser: p.repliedUser };
}
