/**
 * Rules imported as YAML (`permissions acl setserver` / `setglobal`), end to end: empty and hostile YAML
 * (alias bombs, deep nesting), more problems than fit in a message, duplicate entries, names with markdown,
 * and subjects looked up exactly as the commands look them up, each problem at its line and column and
 * nothing stored when any is wrong.
 */
import { describe, expect, it } from 'vitest';
import { block, botFriend, DENIED, guild, h, m, NOTHING, other, say, serverRules, slash, stranger, useRulesBot } from './rules-fixtures.js';

useRulesBot();

describe('YAML input', () => {
  it('GIVEN empty YAML or an empty code block THEN nothing is deleted and the reply points to clear', async () => {
    await say(m.boss, 'permissions addserverrule deny everyone roll');
    for (const text of ['```yaml\n```', '```yaml\n# nothing here\n```', '```\n\n```', '```yaml\nrules:\n```']) {
      expect(await say(m.boss, `permissions acl setserver ${text}`)).toBe('The YAML is empty: to remove every rule use `permissions clearserverrules`.');
    }
    expect((await serverRules()).rules).toHaveLength(1);
    await say(m.owner, `permissions addglobalrule deny ${m.plain.mention} roll`);
    expect(await say(m.owner, 'permissions acl setglobal ```yaml\n```')).toBe('The YAML is empty: to remove every rule use `permissions clearglobalrules`.');
    expect((await h.bot.rules.get('global')).rules).toHaveLength(1);
  });

  it('GIVEN YAML whose aliases explode ("billion laughs") or that nests thousands deep THEN a clear user error with a position, and nothing changes', async () => {
    await say(m.boss, 'permissions addserverrule deny everyone roll');
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) laughs.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    expect(await say(m.boss, `permissions acl setserver ${block(...laughs)}`)).toBe('No rules were changed. Problems:\nmessage:2:8 YAML resource limit: the aliases (`*name`) expand to too much data; nothing was read.');
    const deep = `rules: ${'['.repeat(1900)}${']'.repeat(1900)}`;
    expect(await slash(m.boss, 'permissions acl setserver', { yaml: deep })).toBe('No rules were changed. Problems:\nmessage:1:40 The YAML nests deeper than 32 levels; a rules file needs three. Nothing was read.');
    expect((await serverRules()).rules).toHaveLength(1);
  });

  it('GIVEN more problems than fit in one message THEN whole lines are listed and the rest counted', async () => {
    const lines = Array.from({ length: 40 }, () => '- {effect: x, cog: a, user: "1"}');
    const reply = await say(m.boss, `permissions acl setserver ${block('rules:', ...lines)}`);
    expect(reply.length).toBeLessThanOrEqual(2000);
    const [head, ...rest] = reply.split('\n');
    expect(head).toBe('No rules were changed. Problems:');
    const last = rest.pop()!;
    for (const line of rest) expect(line).toMatch(/^message:\d+:\d+ (`effect` must be `allow` or `deny`|`user` must be a Discord id \(15 to 21 digits, quoted\))\.$/);
    expect(last).toBe(`…and ${80 - rest.length} more problems.`);
  });

  it('GIVEN two entries with the same target and subject (rules) or the same target (defaults) THEN the second is an error at its line', async () => {
    const yaml = block('rules:', `  - { effect: deny, command: roll, user: "${m.plain.id}" }`, `  - { effect: allow, command: ROLL, user: "${m.plain.id}" }`, 'defaults:', '  - { effect: deny, cog: fun }', '  - { effect: allow, cog: fun }');
    expect(await say(m.boss, `permissions acl setserver ${yaml}`)).toBe(
      'No rules were changed. Problems:\nmessage:3:5 A second rule for the same command and user (the first is at line 2).\nmessage:6:5 A second default for the same cog (the first is at line 5).',
    );
  });

  it('GIVEN names with backticks and markdown THEN the replies keep their formatting', async () => {
    const reply = await say(m.boss, `permissions acl setserver ${block('rules:', '  - { effect: deny, cog: "we`ird*", everyone: true }')}`);
    expect(reply).toBe("Rules replaced: 1 rule(s) and 0 default(s).\nNot loaded now (kept anyway):\ncog `we'ird*`");
    expect(await say(m.boss, 'permissions setdefaultserverrule clear no`pe')).toBe("There is no server default for command `no'pe` or cog `no'pe`.");
  });
});

describe('subjects imported from YAML are looked up as the commands look them up', () => {
  const block = (...lines: string[]) => ['```yaml', ...lines, '```'].join('\n');
  const entry = (subject: string, id: string) => `  - { effect: deny, command: roll, ${subject}: "${id}" }`;
  /** `message:line:col` of the id in `lines` (line 1 is the first line inside the code block). */
  const at = (lines: string[], line: number, id: string) => `message:${line}:${lines[line - 1]!.indexOf(`"${id}"`) + 1}`;
  const isBot = (id: string) => `\`${id}\` is a bot: the bot ignores commands from bots, so a rule about it would do nothing.`;
  const refused = (...problems: string[]) => ['No rules were changed. Problems:', ...problems].join('\n');
  /** A rule that is there before each import, to see that a refused import changes nothing. */
  const before = async (scope: 'server' | 'global') => {
    const who = scope === 'server' ? m.boss : m.owner;
    expect(await say(who, `permissions add${scope}rule allow ${stranger.id} roll`)).toMatch(/^Rule added/);
    return scope === 'server' ? serverRules() : h.bot.rules.get('global');
  };

  it("GIVEN server YAML with a `user:` that is the bot, an id no user has, or another server's role (as `role:` or `user:`) THEN each is refused at its value and the rules are unchanged", async () => {
    const rules = await before('server');
    const far = other.role('Far').id;
    const cases: [string, string, string][] = [
      ['user', h.sim.botUser.id, isBot(h.sim.botUser.id)],
      ['user', m.robot.id, isBot(m.robot.id)],
      ['user', NOTHING, `\`${NOTHING}\` is not a Discord user.`],
      ['role', far, `\`${far}\` is not a role of this server.`],
      ['user', far, `\`${far}\` is not a Discord user.`],
      ['user', guild.id, `\`${guild.id}\` is this server's id, not a user: write \`everyone: true\` for everyone here.`],
      ['channel', other.general.id, `\`${other.general.id}\` is not a channel of this server.`],
    ];
    for (const [key, id, message] of cases) {
      const lines = ['rules:', `  - { effect: allow, cog: fun, user: "${m.plain.id}" }`, entry(key, id)];
      expect(await say(m.boss, `permissions acl setserver ${block(...lines)}`)).toBe(refused(`${at(lines, 3, id)} ${message}`));
      expect(await serverRules()).toEqual(rules);
    }
  });

  it('GIVEN server YAML with several bad subjects and other mistakes THEN every problem is reported, in line order, and nothing is stored', async () => {
    const rules = await before('server');
    const lines = ['rules:', entry('user', h.sim.botUser.id), '  - { effect: maybe, cog: fun, user: "' + NOTHING + '" }', entry('role', other.role('Far').id), entry('user', m.plain.id)];
    expect(await say(m.boss, `permissions acl setserver ${block(...lines)}`)).toBe(
      refused(
        `${at(lines, 2, h.sim.botUser.id)} ${isBot(h.sim.botUser.id)}`,
        `message:3:${lines[2]!.indexOf('maybe') + 1} \`effect\` must be \`allow\` or \`deny\`.`,
        `${at(lines, 3, NOTHING)} \`${NOTHING}\` is not a Discord user.`,
        `${at(lines, 4, other.role('Far').id)} \`${other.role('Far').id}\` is not a role of this server.`,
      ),
    );
    expect(await serverRules()).toEqual(rules);
  });

  it("GIVEN global YAML with a `user:` that is the bot, an id no user has, or a role, channel or server the bot is not in THEN each is refused at its value and the rules are unchanged", async () => {
    const rules = await before('global');
    const cases: [string, string, string][] = [
      ['user', h.sim.botUser.id, isBot(h.sim.botUser.id)],
      ['user', botFriend.id, isBot(botFriend.id)],
      ['user', NOTHING, `\`${NOTHING}\` is not a Discord user.`],
      ['user', other.id, `\`${other.id}\` is a server's id, not a user: give \`guild: '<id>'\` for everyone in that server.`],
      ['role', NOTHING, `\`${NOTHING}\` is not a role of a server the bot is in.`],
      ['channel', NOTHING, `\`${NOTHING}\` is not a channel of a server the bot is in.`],
      ['category', guild.general.id, `\`${guild.general.id}\` is a channel, not a category: write \`channel\`.`],
      ['guild', NOTHING, `\`${NOTHING}\` is not a server the bot is in.`],
    ];
    for (const [key, id, message] of cases) {
      const lines = ['rules:', entry(key, id)];
      expect(await say(m.owner, `permissions acl setglobal ${block(...lines)}`)).toBe(refused(`${at(lines, 2, id)} ${message}`));
      expect(await h.bot.rules.get('global')).toEqual(rules);
    }
  });

  it('GIVEN valid YAML (a real user, a member, a role, channel and category of this server, the server id as everyone) THEN it is imported and applies', async () => {
    await before('server');
    const lines = [
      'rules:',
      entry('user', stranger.id),
      `  - { effect: allow, command: roll, user: "${m.plain.id}" }`,
      entry('role', guild.role('Mods').id),
      entry('channel', guild.channel('zoned').id),
      entry('category', guild.channel('Zone').id),
      entry('role', guild.id),
    ];
    expect(await say(m.boss, `permissions acl setserver ${block(...lines)}`)).toBe('Rules replaced: 6 rule(s) and 0 default(s).');
    expect((await serverRules()).rules.map((r) => [r.subject.kind, r.subject.id])).toEqual([
      ['user', stranger.id],
      ['user', m.plain.id],
      ['role', guild.role('Mods').id],
      ['channel', guild.channel('zoned').id],
      ['category', guild.channel('Zone').id],
      ['guild', guild.id],
    ]);
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    expect(await say(m.boss, 'roll')).toBe(DENIED);

    // Global: a user, a server the bot is in (as `guild:` or as its @everyone `role:`), a role of another server.
    const global = ['rules:', entry('user', stranger.id), entry('role', other.id), entry('role', other.role('Far').id), entry('channel', guild.general.id)];
    expect(await say(m.owner, `permissions acl setglobal ${block(...global)}`)).toBe('Rules replaced: 4 rule(s) and 0 default(s).');
    expect((await h.bot.rules.get('global')).rules.map((r) => r.subject.kind)).toEqual(['user', 'guild', 'role', 'channel']);
  });
});
