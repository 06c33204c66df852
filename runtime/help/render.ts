/**
 * Help, generated from the manifests' specs: the bot's commands by cog, one cog, or one command (usage,
 * options, aliases, cooldown, subcommands). Commands the user cannot run are left out unless the
 * `help.showUnrunnable` setting says otherwise; hidden commands never appear. `[p]` becomes the prefix used.
 */
import type { CommandSpec } from '../contract/spec.js';
import type { Context } from '../context/types.js';
import { describeConcurrency, describeCooldown, invocationName, optionFacts, summary, usageLines } from './describe.js';
import { paginate, type HelpBlock, type HelpDocument, type HelpPage } from './pages.js';
import { helpSourceOf, type HelpSource } from './source.js';

/** What help has to show: pages (and how to deliver them), or why there is nothing. */
export type HelpResult =
  | { kind: 'pages'; pages: HelpPage[]; embeds: boolean; toDM: boolean }
  | { kind: 'notFound'; message: string };

/** A help query: words typed after `help`, or a command spec (a group asking for its own help). */
export type HelpQuery = string | readonly string[] | { command: CommandSpec; cog: string };

/** Renders the help for `query` (the whole bot when empty) as `ctx`'s user may see it. */
export async function renderHelp(ctx: Context, query: HelpQuery = []): Promise<HelpResult> {
  const source = helpSourceOf(ctx.client);
  const settings = await source.settings.help();
  const prefix = ctx.kind === 'text' ? ctx.prefix : source.defaultPrefix();
  const view = new HelpView(ctx, source, settings.showUnrunnable, prefix);
  const doc = await view.document(query);
  if (typeof doc === 'string') return { kind: 'notFound', message: doc };
  const withPrefix: HelpDocument = {
    title: doc.title.replaceAll('[p]', prefix),
    blocks: doc.blocks.map((b) => ({ ...b, lines: b.lines.map((l) => l.replaceAll('[p]', prefix)) })),
  };
  const embeds = await ctx.embedRequested();
  const pages = paginate(withPrefix, settings.pageCharLimit, embeds ? await ctx.embedColor() : undefined);
  const toDM = ctx.guild !== null && settings.maxPagesInGuild > 0 && pages.length > settings.maxPagesInGuild;
  return { kind: 'pages', pages, embeds, toDM };
}

/** Red's answer when a topic does not exist or is not for this user. */
export function notFoundMessage(topic: string): string {
  return `Help topic for \`${topic.replace(/`/g, "'").slice(0, 80)}\` not found.`;
}

class HelpView {
  constructor(
    private readonly ctx: Context,
    private readonly source: HelpSource,
    private readonly showUnrunnable: boolean,
    private readonly prefix: string,
  ) {}

  async document(query: HelpQuery): Promise<HelpDocument | string> {
    if (typeof query === 'object' && 'command' in query) return this.commandHelp(query.command, query.cog);
    const words = (typeof query === 'string' ? query.trim().split(/\s+/) : [...query]).filter((w) => w.length > 0);
    if (words.length === 0) return this.botHelp();
    const found = this.source.index.find(words);
    if (found && found.consumed === words.length && (await this.visible(found.command, found.cog))) return this.commandHelp(found.command, found.cog);
    if (words.length === 1) {
      const cog = [...this.source.index.cogs().keys()].find((c) => c.toLowerCase() === words[0]!.toLowerCase());
      if (cog) return this.cogHelp(cog);
    }
    return notFoundMessage(words.join(' '));
  }

  /**
   * Not hidden, and runnable here (or the setting shows the unrunnable). A group without a handler does
   * nothing itself: it is shown only when one of its subcommands is (a group of owner-only subcommands is
   * not listed to members).
   */
  private async visible(command: CommandSpec, cog: string): Promise<boolean> {
    if (command.hidden) return false;
    if (!this.showUnrunnable && !(await this.source.canRun(this.ctx, command, cog))) return false;
    if (command.handler !== null || command.subcommands.length === 0) return true;
    for (const sub of command.subcommands) if (await this.visible(sub, cog)) return true;
    return false;
  }

  private async visibleOf(commands: readonly CommandSpec[], cog: string): Promise<CommandSpec[]> {
    const out: CommandSpec[] = [];
    for (const command of commands) if (await this.visible(command, cog)) out.push(command);
    return out;
  }

  private listLine(command: CommandSpec): string {
    return `\`${invocationName(command, this.prefix)}\` ${summary(command.description)}`;
  }

  private async botHelp(): Promise<HelpDocument> {
    const blocks: HelpBlock[] = [];
    for (const [cog, commands] of this.source.index.cogs()) {
      const shown = await this.visibleOf(commands, cog);
      if (shown.length === 0) continue;
      const description = this.source.cogDescription(cog);
      blocks.push({ heading: description ? `${cog}: ${summary(description)}` : cog, lines: shown.map((c) => this.listLine(c)) });
    }
    if (blocks.length === 0) blocks.push({ lines: ['There are no commands you can use here.'] });
    blocks.push({ lines: [`Type \`${this.prefix}help <command>\` for more on a command, or \`${this.prefix}help <cog>\` for a cog.`] });
    return { title: `${this.ctx.client.user?.username ?? 'Bot'} help`, blocks };
  }

  private async cogHelp(cog: string): Promise<HelpDocument> {
    const commands = await this.visibleOf(this.source.index.cogs().get(cog) ?? [], cog);
    const blocks: HelpBlock[] = [];
    const description = this.source.cogDescription(cog);
    if (description) blocks.push({ lines: [description] });
    blocks.push({ heading: 'Commands', lines: commands.length > 0 ? commands.map((c) => this.listLine(c)) : ['None you can use here.'] });
    return { title: cog, blocks };
  }

  private async commandHelp(command: CommandSpec, cog: string): Promise<HelpDocument> {
    const blocks: HelpBlock[] = [{ lines: [command.description] }];
    blocks.push({ heading: 'Usage', lines: usageLines(command, this.prefix) });
    if (command.kind !== 'slash' && command.aliases.length > 0) {
      const parent = command.path.slice(0, -1).join(' ');
      blocks.push({ heading: 'Aliases', lines: [command.aliases.map((a) => `\`${this.prefix}${parent ? `${parent} ` : ''}${a}\``).join(', ')] });
    }
    const limits = [describeCooldown(command), describeConcurrency(command)].filter((l): l is string => l !== undefined);
    if (limits.length > 0) blocks.push({ heading: 'Cooldown', lines: limits });
    if (command.options.length > 0) {
      blocks.push({ heading: 'Options', lines: command.options.map((o) => `\`${o.name}\` (${optionFacts(o)}): ${o.description}`) });
    }
    const subs = await this.visibleOf(command.subcommands, cog);
    if (subs.length > 0) blocks.push({ heading: 'Subcommands', lines: subs.map((s) => this.listLine(s)) });
    return { title: invocationName(command, this.prefix), blocks };
  }
}
