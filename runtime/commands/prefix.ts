/**
 * Finds which prefix a message starts with: the configured prefixes (longest first, so `!!` wins over `!`)
 * and, when enabled, the bot's mention (`<@id>` or `<@!id>`, followed by optional whitespace).
 */

export interface PrefixMatch {
  /** The prefix as typed (a mention keeps its raw form). */
  prefix: string;
  /** True when the prefix was the bot's mention. */
  mention: boolean;
  /** The text after the prefix. */
  rest: string;
}

export interface PrefixOptions {
  prefixes: readonly string[];
  mentionPrefix: boolean;
  /** The bot's user id (needed for the mention prefix). */
  botId: string | null;
}

/** Returns the matching prefix and the text after it, or null when the message is not a command. */
export function matchPrefix(content: string, options: PrefixOptions): PrefixMatch | null {
  if (options.mentionPrefix && options.botId) {
    const mention = new RegExp(`^<@!?${options.botId}>\\s*`).exec(content);
    if (mention) return { prefix: mention[0], mention: true, rest: content.slice(mention[0].length) };
  }
  const sorted = [...options.prefixes].filter((p) => p.length > 0).sort((a, b) => b.length - a.length);
  for (const prefix of sorted) {
    if (content.startsWith(prefix)) return { prefix, mention: false, rest: content.slice(prefix.length) };
  }
  return null;
}
