/**
 * "Did you mean" for unknown text commands: the reply naming the closest runnable command. The matching
 * (runtime/support/did-you-mean.ts) is the one the manifests and bot.config.yaml use. Off unless the guild
 * or instance turns it on.
 */

/** The answer to an unknown command when a close one exists. */
export function didYouMeanReply(typed: string, suggestion: string): string {
  return `Command \`${typed.replace(/`/g, "'").slice(0, 40)}\` not found. Did you mean \`${suggestion}\`?`;
}
