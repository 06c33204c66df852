/**
 * The generated sections of README.md, each written between its markers so the documentation cannot
 * drift: the manifest reference (from the JSON Schema's descriptions, so it says what the validator
 * accepts) and the data statements of every cog (from the manifests, as `mydata 3rdparty` shows them).
 */
import type { CogSpec } from '../runtime/contract/spec.js';
import { jobsNamingUsers } from './model/lifecycle.js';
import { cogManifestSchema } from './schema.js';

/** A generated section: `<!-- name:start -->` … `<!-- name:end -->`. */
export type ReadmeSection = 'manifest-reference' | 'data-statements';

const startOf = (section: ReadmeSection) => `<!-- ${section}:start -->`;
const endOf = (section: ReadmeSection) => `<!-- ${section}:end -->`;

type SchemaNode = {
  type?: string | readonly string[];
  anyOf?: readonly SchemaNode[];
  enum?: readonly string[];
  $ref?: string;
  items?: SchemaNode;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: readonly string[];
  additionalProperties?: SchemaNode | boolean;
};

const SECTIONS: [string, string, string][] = [
  ['Cog', '', 'The top level of `cog.yaml` / `defineCog({...})`'],
  ['Command', 'command', '`commands[]`'],
  ['Subcommand', 'subcommand', '`subcommands[]`'],
  ['Option', 'option', '`options[]`'],
  ['Choice', 'choice', '`choices[]`: a plain value, or a map'],
  ['Converter', 'converter', '`converters[]`'],
  ['Allowed mentions', 'allowedMentions', '`allowedMentions`'],
  ['Cooldown', 'cooldown', '`cooldown`: a rate per period'],
  ['Max concurrency', 'maxConcurrency', '`maxConcurrency`: runs at the same time'],
  ['Listener', 'listener', '`listeners[]`'],
  ['Task', 'task', '`tasks[]`'],
  ['Job', 'job', '`jobs[]`'],
  ['User data', 'userData', '`userData`: where the cog keeps data about a user'],
  ['User data group', 'userDataCustom', '`userData.custom[]`: a custom group with user data'],
  ['Config', 'config', '`config`: one group per scope'],
  ['Custom group', 'customGroup', '`config.custom.<NAME>`'],
  ['Config group', 'configGroup', 'Every scope, a custom group\'s `fields` and every nested group'],
  ['Config field', 'configField', 'An entry of a group with `type`'],
  ['Config type', 'configType', '`items` and `fields` entries'],
];

/** Prose after a section's table, for what a table cannot say. */
const NOTES: Record<string, string[]> = {
  configGroup: [
    '#### Changing config: renames and migrations',
    '',
    'Each cog commits `cogs/<cog>/migrations/snapshot.json`: the config schema its stored data matches (scopes, custom groups and their keys, every field\'s type, nullability and default as stored, a duration in milliseconds). The first `npm run generate` of a cog writes it, and no migration. To change a cog\'s config:',
    '',
    '1. Edit the manifest. Say what is a rename: `renamedFrom: count` on a field or group, `renamedFrom: OLD` on a custom group. A plain name is looked up as a sibling first (a name in the same group, or in the group\'s former self when the group was renamed), then as a name at the scope root (so `renamedFrom: rolls` on `stats.rolls` moves the root field `rolls` into `stats`); a dotted path, `renamedFrom: settings.count`, is from the scope root and moves a value between groups. Renames are never guessed: a field added while one of the same type is removed, or a custom group added while one with as many keys is removed, without `renamedFrom`, is an error with a hint, and `renamedFrom: null` says the field or custom group is new. A `renamedFrom` that names nothing in the snapshot is an error with a did-you-mean when an entry of its type was removed (a typo would otherwise drop the real one). When a default changes, `rewriteOldDefault: true` also rewrites stored values that still hold the old default.',
    '2. `npm run generate` writes `cogs/<cog>/migrations/NNNN_<slug>.ts` and updates the snapshot. Renames, moves, removed fields, groups, scopes and custom groups, rewritten defaults, and a field that is no longer nullable (stored nulls become its default) are generated complete. A type change (also inside `items` or `fields`) or a custom group\'s key count gets an `up` stub to write; until it is written the cog does not load. Changes that leave stored data valid (a field added, a default changed without `rewriteOldDefault`, a field that became nullable) only update the snapshot. A migration that deletes stored values (a field, group, scope or custom group removed) is written with a warning naming every value it deletes; `npm run dev`, which regenerates on every save, never writes one: such a save (a group cut, before it is pasted under its new name with `renamedFrom`) is an error that writes nothing, until the edit is finished or `npm run generate` writes the migration.',
    '3. Review the migration and commit it with the snapshot. The file is yours: generate never rewrites it. `npm run generate -- --check` fails while a manifest\'s config differs from its snapshot. The snapshot\'s `version` is the number of the newest migration: generate and `--check` refuse (at the snapshot file) when the migration files are not numbered 1 to `version` (one missing, a gap, one numbered above it) or when migration files exist without snapshot.json; restore them from version control.',
    '4. Start the bot: each pending migration runs once, in order, when its cog loads.',
    '',
    'Once its migration is written, a `renamedFrom` has done its work; generate warns that it can be removed (while nothing of its type was removed in the same change).',
  ],
};

const definitions = cogManifestSchema.definitions as unknown as Record<string, SchemaNode>;

function anchor(def: string): string {
  const section = SECTIONS.find(([, d]) => d === def);
  return section ? section[0].toLowerCase().replace(/ /g, '-') : def;
}

function typeOf(node: SchemaNode): string {
  if (node.$ref) {
    const def = node.$ref.replace('#/definitions/', '');
    if (def === 'configGroup') return 'group (map of fields and groups)';
    // An enum definition (privilege, bucket) has no section of its own: show its values.
    if (definitions[def]?.enum) return typeOf(definitions[def]!);
    const title = SECTIONS.find(([, d]) => d === def)?.[0] ?? def;
    return `[${title}](#${anchor(def)})`;
  }
  if (node.anyOf) return node.anyOf.map(typeOf).join(', or ');
  if (node.enum) return node.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (node.type === 'array' && node.items) return `list of ${typeOf(node.items)}`;
  if (node.type === 'object' && node.additionalProperties && typeof node.additionalProperties === 'object') {
    return `map of ${typeOf(node.additionalProperties)}`;
  }
  if (Array.isArray(node.type)) return node.type.join(' \\| ');
  return (node.type as string | undefined) ?? 'any';
}

// A `$ref` property takes the description of what it refers to.
function describe(node: SchemaNode): string {
  if (node.description) return node.description;
  if (node.$ref) return definitions[node.$ref.replace('#/definitions/', '')]?.description ?? '';
  return '';
}

function table(node: SchemaNode): string[] {
  const required = new Set(node.required ?? []);
  const rows = Object.entries(node.properties ?? {}).map(
    ([name, child]) => `| \`${name}\` | ${typeOf(child)} | ${required.has(name) ? 'yes' : 'no'} | ${describe(child).replace(/\|/g, '\\|')} |`,
  );
  return ['| field | type | required | description |', '|---|---|---|---|', ...rows];
}

/** The Markdown of the reference section (without the markers). */
export function manifestReference(): string {
  const lines = [
    '## Manifest reference',
    '',
    'Generated from `generator/schema.ts` by `npm run generate` (do not edit this section by hand).',
    'A cog is a folder in `cogs/` with `cog.yaml`, or `cog.ts` with `export default defineCog({...})`',
    "(`import { defineCog } from '../../generator/define.js'`); both take the same fields.",
    'Config groups: every key of a group is either a field (a map with `type`) or a nested group (any other map).',
    'Config keys are identifiers and may not be a Config API name (`get`, `set`, `clear`, `all`, `update`, ...).',
    '',
    '```yaml',
    'name: shop',
    'identifier: 7001',
    'description: A small shop.',
    'dataStatement: Keeps each member\'s coin balance.',
    'commands:',
    '  - name: buy',
    '    kind: hybrid',
    '    description: Buys an item.',
    '    options:',
    '      - { name: item, type: string, description: What to buy., choices: [apple, pear] }',
    '      - { name: count, type: integer, description: How many., required: false, default: 1, min: 1 }',
    'config:',
    '  guild:',
    '    settings:',
    '      prefix: { type: string, default: "!" }   # cfg.guild(g).settings.prefix is a Value<string>',
    '  member:',
    '    balance: { type: integer, default: 0 }',
    '```',
  ];
  for (const [title, def, where] of SECTIONS) {
    const node = def === '' ? (cogManifestSchema as unknown as SchemaNode) : definitions[def]!;
    const schemaNode = def === 'choice' ? (definitions.choice as unknown as { then: SchemaNode }).then : node;
    lines.push('', `### ${title}`, '', `${where}. ${node.description ?? ''}`.trim(), '', ...table(schemaNode));
    if (NOTES[def]) lines.push('', ...NOTES[def]);
  }
  return lines.join('\n');
}

/**
 * The Markdown list of every cog's data statement, in cog name order (without the markers). A cog whose
 * scheduled jobs name users also gets, in italics, which ones a data-deletion request removes.
 */
export function dataStatements(cogs: readonly Pick<CogSpec, 'name' | 'dataStatement' | 'jobs'>[]): string {
  const lines = ['Generated from the manifests by `npm run generate` (do not edit this list by hand).', ''];
  for (const cog of [...cogs].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const jobs = jobsNamingUsers(cog);
    const note = jobs ? ` *Scheduled jobs that name a user, removed when that user's data is deleted: ${jobs}.*` : '';
    lines.push(`- **${cog.name}**: ${cog.dataStatement.trim().replace(/\s*\n\s*/g, ' ')}${note}`);
  }
  return lines.join('\n');
}

/** README text with one generated section replaced, or undefined when its markers are missing. */
export function withSection(readme: string, section: ReadmeSection, body: string): string | undefined {
  const open = startOf(section);
  const start = readme.indexOf(open);
  const end = readme.indexOf(endOf(section));
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + open.length)}\n${body}\n${readme.slice(end)}`;
}

/** README text with the manifest reference replaced, or undefined when its markers are missing. */
export function withReference(readme: string): string | undefined {
  return withSection(readme, 'manifest-reference', manifestReference());
}
