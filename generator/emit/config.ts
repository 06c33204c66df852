/**
 * Emits `generated/cogs/<cog>/config.ts`: for every declared scope and custom group, a data interface
 * (the stored shape) and an accessor interface extending runtime/config/typed.ts's `Group<T>`, with one
 * property per child; and `<Cog>Config`, the typed face of the cog's Config (runtime/config/README.md).
 */
import { StructureKind, type InterfaceDeclarationStructure, type MethodSignatureStructure, type OptionalKind, type StatementStructures } from 'ts-morph';
import type { ConfigScope, FieldModel, GroupModel } from '../model/config.js';
import { allGroups } from '../model/config.js';
import type { CogModel } from '../model/index.js';
import { propertyName } from '../names.js';
import { banner, docText, printFile, quote } from './source.js';

const SCOPE_ACCESSORS: Record<ConfigScope, { methods: [string, string, string][]; all?: string; clear: string; doc: string }> = {
  global: { methods: [], clear: 'clearAllGlobals', doc: 'the global scope' },
  guild: {
    methods: [['guild', 'guild: IdLike', 'A guild\'s group (a Guild, or its id).'], ['guildFromId', 'id: IdLike', 'A guild\'s group by id.']],
    all: 'allGuilds',
    clear: 'clearAllGuilds',
    doc: 'guilds',
  },
  channel: { methods: [['channel', 'channel: IdLike', 'A channel\'s group (a channel, or its id).']], all: 'allChannels', clear: 'clearAllChannels', doc: 'channels' },
  role: { methods: [['role', 'role: IdLike', 'A role\'s group (a Role, or its id).']], all: 'allRoles', clear: 'clearAllRoles', doc: 'roles' },
  user: {
    methods: [['user', 'user: IdLike', 'A user\'s group (a User, or its id).'], ['userFromId', 'id: IdLike', 'A user\'s group by id.']],
    all: 'allUsers',
    clear: 'clearAllUsers',
    doc: 'users',
  },
  member: {
    methods: [['member', 'member: MemberLike', 'A member\'s group (a GuildMember, or anything with `id` and `guild.id`).'], ['memberFromIds', 'guildId: IdLike, userId: IdLike', 'A member\'s group by guild id and user id.']],
    all: 'allMembers',
    clear: 'clearAllMembers',
    doc: 'members',
  },
};

/** The text of config.ts for one cog. */
export function emitConfig(model: CogModel): string {
  const config = `${model.typePrefix}Config`;
  const statements: (string | StatementStructures)[] = [];
  const roots = [...model.config.scopes.map((s) => s.group), ...model.config.custom.map((c) => c.group)];
  for (const group of roots.flatMap(allGroups)) statements.push(...groupInterfaces(group));

  const properties: InterfaceDeclarationStructure['properties'] = [];
  const methods: OptionalKind<MethodSignatureStructure>[] = [];
  for (const { scope, group } of model.config.scopes) {
    const accessor = SCOPE_ACCESSORS[scope];
    if (scope === 'global') {
      properties.push({ name: 'global', isReadonly: true, type: `${group.typeName}Group`, docs: ['The global scope\'s group.'] });
    }
    for (const [name, params, doc] of accessor.methods) {
      methods.push({ name, parameters: parseParams(params), returnType: `${group.typeName}Group`, docs: [doc] });
    }
    if (scope === 'member') {
      methods.push(
        { name: 'allMembers', returnType: `Promise<Record<string, Record<string, ${group.typeName}Data>>>`, docs: ['Stored members by guild id, then user id, merged with defaults.'] },
        { name: 'allMembers', parameters: parseParams('guild: IdLike'), returnType: `Promise<Record<string, ${group.typeName}Data>>`, docs: ['Stored members of one guild by user id, merged with defaults.'] },
        { name: 'clearAllMembers', parameters: [{ name: 'guild', type: 'IdLike', hasQuestionToken: true }], returnType: 'Promise<void>', docs: ['Clears every member, or every member of one guild.'] },
      );
    } else {
      if (accessor.all) methods.push({ name: accessor.all, returnType: `Promise<Record<string, ${group.typeName}Data>>`, docs: [`Stored ${accessor.doc} by id, each merged with defaults.`] });
      methods.push({ name: accessor.clear, returnType: 'Promise<void>', docs: [`Clears ${accessor.doc === 'the global scope' ? 'the global scope' : `every stored ${accessor.doc.replace(/s$/, '')}`}.`] });
    }
  }
  for (const custom of model.config.custom) {
    const group = quote(custom.name);
    const keyParams = custom.keys.map((k) => ({ name: k, type: 'KeyLike' }));
    methods.push({
      name: 'custom',
      parameters: [{ name: 'group', type: group }, ...keyParams],
      returnType: `${custom.group.typeName}Group`,
      docs: [`The \`${custom.name}\` group for one ${custom.keys.join(' + ')}.`],
    });
    for (let n = custom.keys.length - 1; n >= 0; n -= 1) {
      methods.push({
        name: 'custom',
        parameters: [{ name: 'group', type: group }, ...keyParams.slice(0, n)],
        returnType: `Group<${nestedRecord(custom.keys.length - n, `${custom.group.typeName}Data`)}>`,
        docs: [`A partial \`${custom.name}\` group over every document under the given keys.`],
      });
    }
    methods.push(
      { name: 'allCustom', parameters: [{ name: 'group', type: group }], returnType: `Promise<${nestedRecord(custom.keys.length, 'JsonObject')}>`, docs: [`The stored tree of \`${custom.name}\` (as stored: defaults not merged).`] },
      { name: 'clearAllCustom', parameters: [{ name: 'group', type: group }], returnType: 'Promise<void>', docs: [`Clears every \`${custom.name}\` document.`] },
    );
  }
  methods.push({ name: 'clearAll', returnType: 'Promise<void>', docs: ['Clears everything the cog stored, in every scope.'] });

  statements.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: config,
    docs: [
      `The typed Config of the \`${model.spec.name}\` cog (identifier ${model.spec.identifier}).\n` +
        'Only the scopes the manifest declares are exposed: an undeclared scope has nothing registered, so every read\n' +
        'would be null and every write untyped. Declare a scope in the manifest to use it. Registration is done by\n' +
        'the runtime from the spec, so `register*` and `initCustom` are not part of this face.',
    ],
    properties,
    methods,
  });
  // Import only what the declarations use, so every generated file is free of unused imports.
  const used = JSON.stringify(statements);
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(used);
  const typed = ['BigintValue', 'Group', 'IdLike', 'KeyLike', 'MemberLike', 'Value'].filter(uses);
  const imports = [
    ...(uses('JsonObject') ? ["import type { JsonObject } from '../../../runtime/contract/spec.js';"] : []),
    ...(typed.length > 0 ? [`import type { ${typed.join(', ')} } from '../../../runtime/config/typed.js';`] : []),
  ];
  return printFile([banner(model.source), ...imports, ...statements]);
}

function nestedRecord(depth: number, leaf: string): string {
  let out = leaf;
  for (let i = 0; i < depth; i += 1) out = `Record<string, ${out}>`;
  return out;
}

function parseParams(text: string) {
  return text.split(', ').map((part) => {
    const [name, type] = part.split(': ');
    return { name: name!, type: type! };
  });
}

/** A field's doc comment: its description, and the unit of a duration (stored in milliseconds). */
function fieldDocs(field: FieldModel): { docs?: string[] } {
  const unit = field.configType === 'duration' ? 'A duration in milliseconds.' : field.configType === 'bigint' ? 'A whole number of any size, stored as decimal text.' : undefined;
  const text = [field.description, unit].filter((part) => part !== undefined).join(' ');
  return text ? { docs: [docText(text)] } : {};
}

/** A field's accessor type: `Value<T>`, or `BigintValue` (decimal text, exact increments) for a `bigint`. */
function valueType(field: FieldModel): string {
  if (field.configType !== 'bigint') return `Value<${field.tsType}>`;
  return field.tsType.endsWith('| null') ? 'BigintValue<string | null>' : 'BigintValue';
}

function groupInterfaces(group: GroupModel): InterfaceDeclarationStructure[] {
  const where = `\`${group.at.join('.')}\``;
  return [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: `${group.typeName}Data`,
      docs: [`The stored shape of ${where}.`],
      properties: group.children.map((child) => ({
        name: propertyName(child.key),
        type: child.kind === 'field' ? child.tsType : `${child.group.typeName}Data`,
        ...(child.kind === 'field' ? fieldDocs(child) : {}),
      })),
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: `${group.typeName}Group`,
      extends: [`Group<${group.typeName}Data>`],
      docs: [`Accessors of ${where}.`],
      properties: group.children.map((child) => ({
        name: propertyName(child.key),
        isReadonly: true,
        type: child.kind === 'field' ? valueType(child) : `${child.group.typeName}Group`,
        ...(child.kind === 'field' ? fieldDocs(child) : {}),
      })),
    },
  ];
}
