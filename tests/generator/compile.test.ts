import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { compile, tempProject, type TempProject } from './helpers/project.js';

// One project for the file: each case edits a handlers file, compiles, and restores it.
let project: TempProject;
beforeAll(async () => {
  project = tempProject('basic');
  const result = await generate({ root: project.root });
  expect(result.errors).toEqual([]);
});
afterAll(() => project.cleanup());

function withHandlers(cog: string, edit: (text: string) => string): { status: number | null; output: string } {
  const path = `cogs/${cog}/handlers.ts`;
  const original = project.read(path);
  const edited = edit(original);
  expect(edited).not.toBe(original);
  project.write(path, edited);
  try {
    return compile(project.root);
  } finally {
    project.write(path, original);
  }
}

describe('the emitted code compiles', () => {
  it('GIVEN generated code and stubs WHEN compiling with tsc THEN there are no errors', () => {
    const { status, output } = compile(project.root);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('GIVEN a handler with a wrong option type WHEN compiling THEN the compiler rejects it', () => {
    const { status, output } = withHandlers('notes', (t) => t.replace('note: async (ctx, _options) =>', 'note: async (ctx, options: { text: number }) =>'));
    expect(status).not.toBe(0);
    expect(output).toMatch(/cogs\/notes\/handlers\.ts\(\d+,\d+\): error TS2322: .*/);
    expect(output).toContain("Type 'string' is not assignable to type 'number'");
  });

  it('GIVEN a handlers file missing a handler WHEN compiling THEN the compiler names it', () => {
    const { status, output } = withHandlers('shop', (t) => t.replace(/ {4}settingsShow: async[\s\S]*?\n {4}\},\n/, ''));
    expect(status).not.toBe(0);
    expect(output).toContain("Property 'settingsShow' is missing");
  });

  it('GIVEN a handler left over from a removed command WHEN compiling THEN the compiler rejects the extra key', () => {
    const { status, output } = withHandlers('notes', (t) => t.replace('  commands: {\n', '  commands: {\n    gone: async () => {},\n'));
    expect(status).not.toBe(0);
    expect(output).toContain("'gone' does not exist in type 'NotesCommandHandlers'");
  });

  it('GIVEN a config typo in a handler WHEN compiling THEN it is a compile error, not a runtime one', () => {
    const { status, output } = withHandlers('shop', (t) =>
      t.replace("await ctx.reply('`buy` is not implemented yet.');", "await ctx.reply(String(await ctx.config.guild(ctx.guild!).settings.prefx()));"),
    );
    expect(status).not.toBe(0);
    expect(output).toContain("Property 'prefx' does not exist on type 'ShopGuildSettingsGroup'");
  });

  it('GIVEN a correct use of options and config WHEN compiling THEN it passes', () => {
    const { status, output } = withHandlers('shop', (t) =>
      t.replace(
        "buy: async (ctx, _options) => {",
        'buy: async (ctx, { item, count, gift }) => {\n      const balance: number = await ctx.config.member(ctx.member!).balance();\n      await ctx.config.custom(\'TICKETS\', 1, 2).tags.append(item);\n      await ctx.reply(`${item} x${count} for ${gift?.username ?? \'you\'} (${balance})`);',
      ),
    );
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('GIVEN a handlers file missing a task handler WHEN compiling THEN the compiler names it', () => {
    const { status, output } = withHandlers('shop', (t) => t.replace(/ {4}restock: async[\s\S]*?\n {4}\},\n/, ''));
    expect(status).not.toBe(0);
    expect(output).toContain("Property 'restock' is missing");
  });

  it('GIVEN a handlers file missing a job handler WHEN compiling THEN the compiler names it', () => {
    const { status, output } = withHandlers('shop', (t) => t.replace(/ {4}closeTicket: async[\s\S]*?\n {4}\},\n/, ''));
    expect(status).not.toBe(0);
    expect(output).toContain("Property 'closeTicket' is missing");
  });

  it('GIVEN a command scheduling a job with a wrong payload WHEN compiling THEN the compiler rejects it', () => {
    const { status, output } = withHandlers('shop', (t) =>
      t.replace("await ctx.reply('`buy` is not implemented yet.');", "await ctx.cog.jobs.schedule(Date.now() + 60_000, 'closeTicket', { ticketId: 7 });"),
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(/cogs\/shop\/handlers\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });

  it('GIVEN a command, a task, a job and a messageWithoutCommand listener using the handle WHEN compiling THEN it passes', () => {
    const { status, output } = withHandlers('shop', (t) =>
      t
        .replace(
          "await ctx.reply('`buy` is not implemented yet.');",
          "const job = await ctx.cog.jobs.schedule(new Date(), 'refund', { userId: ctx.author.id, guildId: '1', amount: 2, approvedBy: { id: '3', note: null } });\n      await ctx.reply(`refund ${job.id} due ${job.dueAt}: ${job.payload.amount}`);",
        )
        .replace(/restock: async \(cog, _run\) => \{/, 'restock: async (cog, run) => {\n      if (run.signal.aborted) return;\n      for (const job of await cog.jobs.list(\'closeTicket\')) cog.logger.info(job.payload.ticketId);')
        .replace(/refund: async \(cog, _job\) => \{/, 'refund: async (cog, job) => {\n      const balance: number = job.payload.amount;\n      cog.logger.info(`${job.payload.approvedBy.id} ${balance} ${cog.name}`);')
        .replace(/chatter: async \(cog, \.\.\._args\) => \{/, 'chatter: async (cog, message) => {\n      cog.logger.info(message.content);'),
    );
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
