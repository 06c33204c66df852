/**
 * The `give` scenario: `!give <member> <amount> [reason...]` — three converted options (a member by
 * mention or id, a bounded integer, the rest of the line), a check (server only) and a cooldown (a window
 * per user so wide it never refuses, but is evaluated on every run).
 * - cogsmith: the fixture cog (fixture/cogs/benchgive/cog.yaml) built with the generator's loader and model,
 *   run by the Cogsmith Bot;
 * - bare: the same parsing, check and cooldown written by hand in a messageCreate handler.
 * Both answer `Gave <amount> to <display name>: <reason>` as a reply that mentions nobody.
 */
import { fileURLToPath } from 'node:url';
import type { Message } from 'discord.js';
import { checkManifests } from '../../../generator/checks/index.js';
import { loadManifests } from '../../../generator/load.js';
import { buildModel } from '../../../generator/model/index.js';
import { ProblemList } from '../../../generator/problems.js';
import type { CogImplementation, CogRegistry } from '../../../runtime/cogs/module.js';
import type { Context } from '../../../runtime/context/types.js';

const FIXTURE_ROOT = fileURLToPath(new URL('../fixture/', import.meta.url));

/** The fixture cog's name (what the instance loads). */
export const GIVE_COG = 'benchgive';

/** What every reply starts with. */
export const GIVE_REPLY_PREFIX = 'Gave ';

/** The n-th message of the workload: member n+1 of the world is the receiver (by mention), amounts vary. */
export function giveCommand(i: number, memberIds: readonly string[]): string {
  const to = memberIds[(i + 1) % memberIds.length]!;
  return `!give <@${to}> ${(i % 997) + 1} thanks for message number ${i}`;
}

interface GiveOptions {
  member: { displayName: string };
  amount: number;
  reason?: string;
}

let cached: CogRegistry | undefined;

/** The registry holding the fixture cog, built once per process from its manifest. */
export async function giveRegistry(): Promise<CogRegistry> {
  if (cached) return cached;
  const problems = new ProblemList();
  const loaded = await loadManifests(FIXTURE_ROOT, problems);
  checkManifests(loaded, problems);
  const models = problems.errors.length === 0 ? buildModel(loaded, problems) : [];
  if (problems.errors.length > 0 || models.length !== 1) {
    throw new Error(`the give fixture manifest is invalid: ${problems.errors.map((e) => `${e.file}:${e.line}:${e.col} ${e.message}`).join('; ') || 'no cog found'}`);
  }
  const spec = models[0]!.spec;
  const implementation: CogImplementation = {
    commands: {
      give: async (ctx: Context, { member, amount, reason }: GiveOptions) => {
        await ctx.reply(`${GIVE_REPLY_PREFIX}${amount} to ${member.displayName}: ${reason ?? 'no reason'}`);
      },
    },
  };
  cached = { [GIVE_COG]: { spec, load: async () => ({ default: implementation }) } };
  return cached;
}

// The bare variant's own cooldown: the same fixed window per user as the manifest's.
const RATE = 1_000_000;
const PER_MS = 1_000;
const MENTION_OR_ID = /^(?:<@!?(\d{15,21})>|(\d{15,21}))$/;
const INTEGER = /^[+-]?\d+$/;

/** Splits off the first whitespace-separated word. */
function firstWord(text: string): [word: string, rest: string] {
  const trimmed = text.trimStart();
  const end = trimmed.search(/\s/);
  return end === -1 ? [trimmed, ''] : [trimmed.slice(0, end), trimmed.slice(end)];
}

/** A messageCreate handler doing by hand what the fixture cog declares; `cooldowns` lives as long as the client. */
export function handGive(cooldowns: Map<string, { start: number; used: number }>): (message: Message) => Promise<void> {
  const answer = (message: Message, content: string) =>
    message.reply({ content, allowedMentions: { parse: [], repliedUser: false }, failIfNotExists: false }).then(
      () => undefined,
      (error: Error) => void process.stderr.write(`bare reply failed: ${error.message}\n`),
    );
  return async (message) => {
    if (message.author.bot || !message.content.startsWith('!')) return;
    const [name, args] = firstWord(message.content.slice(1));
    if (name.toLowerCase() !== 'give') return;
    if (!message.inGuild()) return answer(message, 'This command can only be used in a server.');
    const [rawMember, afterMember] = firstWord(args);
    const [rawAmount, afterAmount] = firstWord(afterMember);
    const usage = 'Usage: `!give <member> <amount> [reason...]`';
    const id = MENTION_OR_ID.exec(rawMember);
    if (!id) return answer(message, `\`member\` must be a member of this server (a mention or an id).\n${usage}`);
    const userId = id[1] ?? id[2]!;
    const member = message.guild.members.cache.get(userId) ?? (await message.guild.members.fetch(userId).catch(() => null));
    if (!member) return answer(message, `\`member\`: no member matches \`${rawMember}\`.\n${usage}`);
    const amount = INTEGER.test(rawAmount) ? Number(rawAmount) : Number.NaN;
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > 1_000_000) {
      return answer(message, `\`amount\` must be a whole number from 1 to 1000000, got \`${rawAmount}\`.\n${usage}`);
    }
    const reason = afterAmount.trim();
    const now = Date.now();
    let window = cooldowns.get(message.author.id);
    if (!window || now >= window.start + PER_MS) cooldowns.set(message.author.id, (window = { start: now, used: 0 }));
    if (window.used >= RATE) return answer(message, `Slow down: try again <t:${Math.ceil((window.start + PER_MS) / 1000)}:R>.`);
    window.used += 1;
    await answer(message, `${GIVE_REPLY_PREFIX}${amount} to ${member.displayName}: ${reason || 'no reason'}`);
  };
}
