/**
 * What the schema cannot see about manifest checks: permission names must be discord.js
 * `PermissionFlagsBits` names, `permissions` cannot open an owner-only command, and a command cannot be
 * both `dmOnly` and `guildOnly`.
 */
import { PermissionFlagsBits } from 'discord.js';
import type { LoadedManifest } from '../load.js';
import type { CheckManifest, CogManifest, CommandManifest, SubcommandManifest } from '../manifest.js';
import type { ManifestPath, ProblemList } from '../problems.js';
import { didYouMean } from '../../runtime/support/did-you-mean.js';

const KNOWN = Object.keys(PermissionFlagsBits);

type Node = CogManifest | CommandManifest | SubcommandManifest;

/** Reports bad permission names and contradictory checks in every manifest. */
export function checkManifestChecks(cogs: readonly LoadedManifest[], problems: ProblemList): void {
  for (const cog of cogs) {
    const err = (path: ManifestPath, message: string) => problems.error(cog.file, cog.locate, path, message);
    const names = (list: readonly string[] | undefined, at: ManifestPath) =>
      (list ?? []).forEach((name, i) => {
        if (KNOWN.includes(name)) return;
        const guess = didYouMean(name, KNOWN);
        err([...at, i], `\`${name}\` is not a Discord permission${guess ? `; did you mean \`${guess}\`?` : ''}`);
      });
    const check = (c: CheckManifest, at: ManifestPath): void => {
      if (typeof c === 'string') return;
      if ('any' in c) c.any.forEach((x, i) => check(x, [...at, 'any', i]));
      else if ('all' in c) c.all.forEach((x, i) => check(x, [...at, 'all', i]));
      else if ('permissions' in c) names(c.permissions, [...at, 'permissions']);
      else if ('botPermissions' in c) names(c.botPermissions, [...at, 'botPermissions']);
    };
    // `groupGuildOnly`: a group above says `guildOnly: true` (Discord then hides the whole command in DMs).
    const node = (n: Node, at: ManifestPath, groupGuildOnly = false) => {
      names(n.permissions, [...at, 'permissions']);
      names(n.botPermissions, [...at, 'botPermissions']);
      (n.checks ?? []).forEach((c, i) => check(c, [...at, 'checks', i]));
      if (n.privilege === 'owner' && n.permissions) err([...at, 'permissions'], '`permissions` cannot stand in for `privilege: owner`: owner-only stays owner-only; remove one');
      if (n.dmOnly && n.guildOnly) err([...at, 'dmOnly'], 'a command cannot be both `dmOnly` and `guildOnly`');
      if (groupGuildOnly && n.guildOnly === false) {
        err([...at, 'guildOnly'], 'a subcommand cannot opt out of `guildOnly`: a group above it is guild-only (Discord hides the whole command in DMs); remove one');
      }
      // (The cog's own `guildOnly` is not a group: a command may opt out of it.)
      const below = groupGuildOnly || n.guildOnly === true;
      ('subcommands' in n ? n.subcommands ?? [] : []).forEach((s, i) => node(s, [...at, 'subcommands', i], below));
    };
    node(cog.manifest, []);
    (cog.manifest.commands ?? []).forEach((c, i) => node(c, ['commands', i]));
  }
}
