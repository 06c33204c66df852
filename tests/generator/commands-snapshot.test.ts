/**
 * generated/commands.json (the slash-sync snapshot) and guild-only marking, through the real generator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { buildCommandsSnapshot, slashCommandsHash, type CommandsSnapshot } from '../../runtime/commands/slash-sync/snapshot.js';
import type { CogSpec } from '../../runtime/contract/spec.js';
import { tempProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const cog = (commands: string) => `name: mod
identifier: 42
description: Moderation.
dataStatement: This cog stores no end-user data.
commands:
${commands}`;

const COMMANDS = `  - name: warn
    kind: hybrid
    description: Warns a member.
    options:
      - { name: member, type: member, description: Who. }
      - { name: reason, type: string, description: Why., required: false }
  - name: note
    kind: slash
    description: Keeps a note.
    guildOnly: true
  - name: whoami
    kind: hybrid
    description: Says who you are.
    options:
      - { name: member, type: member, description: Someone else., required: false }
  - name: lookup
    kind: slash
    description: Looks a member up even in DMs.
    guildOnly: false
    options:
      - { name: member, type: member, description: Who. }
  - name: roles
    kind: hybrid
    description: Role tools.
    subcommands:
      - name: list
        description: Lists roles.
      - name: give
        description: Gives a role.
        options:
          - { name: role, type: role, description: Which role. }
  - name: member
    kind: hybrid
    description: Member tools.
    subcommands:
      - name: whois
        description: Who someone is.
        options:
          - { name: who, type: member, description: Who. }
      - name: self
        description: About you (also in DMs).
      - name: audit
        description: Server only, by declaration.
        guildOnly: true
  - name: textonly
    kind: text
    description: Never synced.
`;

async function build(commands = COMMANDS): Promise<{ snapshot: CommandsSnapshot; spec: CogSpec }> {
  project ??= tempProject();
  project.write('cogs/mod/cog.yaml', cog(commands));
  const result = await generate({ root: project.root });
  expect(result.errors).toEqual([]);
  const snapshot = JSON.parse(project.read('generated/commands.json')) as CommandsSnapshot;
  const specText = project.read('generated/cogs/mod/spec.ts');
  // The emitted spec is a plain literal after `export const spec: CogSpec = `.
  const literal = specText.slice(specText.indexOf('= {') + 2).trim().replace(/;\s*$/, '');
  const spec = new Function(`return (${literal});`)() as CogSpec;
  return { snapshot, spec };
}

describe('generated/commands.json', () => {
  it('holds the slash commands of every cog per scope kind, each with the hash of its body', async () => {
    const { snapshot, spec } = await build();
    expect(snapshot.version).toBe(1);
    expect(snapshot.cogs).toEqual(['mod']);
    expect(snapshot.global.commands.map((c) => c.name)).toEqual(['warn', 'note', 'whoami', 'lookup', 'roles', 'member']);
    expect(snapshot.global.commands).toEqual(spec.slashCommands);
    expect(snapshot.global.hash).toBe(slashCommandsHash(snapshot.global.commands));
    expect(snapshot.guild.hash).toBe(slashCommandsHash(snapshot.guild.commands));
    // What the runtime computes from the loaded spec is what the snapshot says.
    expect(buildCommandsSnapshot([spec])).toEqual({ version: 1, cogs: snapshot.cogs, global: snapshot.global, guild: snapshot.guild });
  });

  it('GIVEN one changed description THEN the hash changes, and --check names the stale snapshot before generate rewrites it', async () => {
    const first = await build();
    project!.write('cogs/mod/cog.yaml', cog(COMMANDS.replace('Keeps a note.', 'Keeps a private note.')));
    const check = await generate({ root: project!.root, check: true });
    expect(check.ok).toBe(false);
    expect(check.stale).toContain('generated/commands.json');
    const second = await build(COMMANDS.replace('Keeps a note.', 'Keeps a private note.'));
    expect(second.snapshot.global.hash).not.toBe(first.snapshot.global.hash);
    const again = await generate({ root: project!.root });
    expect(again.unchanged).toContain('generated/commands.json');
  });
});

describe('guild-only commands', () => {
  it('marks explicit and automatic guild-only commands in the global body, and only those', async () => {
    const { snapshot } = await build();
    const byName = new Map(snapshot.global.commands.map((c) => [c.name, c]));
    // warn: required member; note: explicit.
    for (const name of ['warn', 'note']) expect(byName.get(name)).toMatchObject({ contexts: [0], dm_permission: false });
    // whoami: the member is optional; lookup: explicit opt-out; roles and member: groups with a subcommand
    // that works in DMs (Discord cannot hide one subcommand: those are refused when used in a DM).
    for (const name of ['whoami', 'lookup', 'roles', 'member']) {
      expect(byName.get(name)).not.toHaveProperty('contexts');
      expect(byName.get(name)).not.toHaveProperty('dm_permission');
    }
    for (const command of snapshot.guild.commands) expect(Object.keys(command)).not.toContain('contexts');
  });

  it('puts guildOnly on the command and its subcommands in the spec, absent elsewhere', async () => {
    const { spec } = await build();
    const byName = new Map(spec.commands.map((c) => [c.name, c]));
    expect(byName.get('warn')?.guildOnly).toBe(true);
    expect(byName.get('roles')?.guildOnly).toBeUndefined();
    expect(byName.get('roles')?.subcommands.map((s) => s.guildOnly)).toEqual([undefined, true]);
    expect(byName.get('member')?.subcommands.map((s) => s.guildOnly)).toEqual([true, undefined, true]);
    expect(byName.get('whoami')?.guildOnly).toBeUndefined();
    expect(byName.get('lookup')?.guildOnly).toBeUndefined();
    expect(byName.get('textonly')?.guildOnly).toBeUndefined();
  });

  it('GIVEN a group all of whose subcommands are guild-only THEN the group is marked in Discord; GIVEN guildOnly on the cog THEN every command is', async () => {
    project = tempProject();
    const group = `  - name: roles
    kind: slash
    description: Role tools.
    subcommands:
      - name: list
        description: Lists roles.
        guildOnly: true
      - name: give
        description: Gives a role.
        options:
          - { name: role, type: role, description: Which role. }
  - name: ping
    kind: slash
    description: Pong.
`;
    const { snapshot, spec } = await build(group);
    const byName = new Map(snapshot.global.commands.map((c) => [c.name, c]));
    expect(byName.get('roles')).toMatchObject({ contexts: [0], dm_permission: false });
    expect(byName.get('ping')).not.toHaveProperty('contexts');
    expect(spec.commands[0]!.guildOnly).toBe(true);
    project.write('cogs/mod/cog.yaml', cog(group).replace('description: Moderation.', 'description: Moderation.\nguildOnly: true'));
    const cogWide = await generate({ root: project.root });
    expect(cogWide.errors).toEqual([]);
    const written = JSON.parse(project.read('generated/commands.json')) as CommandsSnapshot;
    expect(written.global.commands.find((c) => c.name === 'ping')).toMatchObject({ contexts: [0], dm_permission: false });
  });

  it('GIVEN a subcommand opting out of its group\'s guildOnly THEN it is refused at its place; a command may opt out of its cog\'s', async () => {
    project = tempProject();
    project.write('cogs/mod/cog.yaml', cog(`  - name: roles
    kind: slash
    description: Role tools.
    guildOnly: true
    subcommands:
      - name: list
        description: Lists roles.
        guildOnly: false
`));
    const result = await generate({ root: project.root });
    expect(result.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      'cogs/mod/cog.yaml:13 a subcommand cannot opt out of `guildOnly`: a group above it is guild-only (Discord hides the whole command in DMs); remove one',
    ]);
    const optOut = `  - name: ping
    kind: slash
    description: Pong.
    guildOnly: false
  - name: pong
    kind: slash
    description: Ping.
`;
    project.write('cogs/mod/cog.yaml', cog(optOut).replace('description: Moderation.', 'description: Moderation.\nguildOnly: true'));
    expect((await generate({ root: project.root })).errors).toEqual([]);
    const written = JSON.parse(project.read('generated/commands.json')) as CommandsSnapshot;
    expect(written.global.commands.find((c) => c.name === 'ping')).not.toHaveProperty('contexts');
    expect(written.global.commands.find((c) => c.name === 'pong')).toMatchObject({ contexts: [0], dm_permission: false });
  });

  it('GIVEN guildOnly and dmOnly on one subcommand THEN the manifest is refused at its position', async () => {
    project = tempProject();
    project.write('cogs/mod/cog.yaml', cog(`  - name: roles
    kind: slash
    description: Role tools.
    subcommands:
      - name: list
        description: Lists roles.
        guildOnly: true
        dmOnly: true
`));
    const result = await generate({ root: project.root });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['cogs/mod/cog.yaml:13']);
    expect(result.errors[0]!.message).toBe('a command cannot be both `dmOnly` and `guildOnly`');
  });
});
