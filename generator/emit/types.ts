/**
 * Emits `generated/cogs/<cog>/types.ts`: one `<Command>Options` interface per command handler, the
 * handler interfaces the cog's `handlers.ts` must satisfy, and the cog's `CogImplementation` type.
 */
import { StructureKind, type StatementStructures } from 'ts-morph';
import type { OptionSpec } from '../../runtime/cogs/spec.js';
import type { CogModel } from '../model/index.js';
import { propertyName } from '../names.js';
import { banner, docText, printFile, quote } from './source.js';

const ENTITY_TYPES: Partial<Record<OptionSpec['type'], string>> = {
  user: 'User',
  member: 'GuildMember',
  channel: 'GuildBasedChannel',
  role: 'Role',
};

/** The TypeScript type a handler receives for an option. */
export function optionTsType(option: OptionSpec): string {
  if (option.choices) return option.choices.map((c) => (typeof c.value === 'string' ? quote(c.value) : String(c.value))).join(' | ');
  switch (option.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return ENTITY_TYPES[option.type]!;
  }
}

/** Names of the cog-level generated types. */
export function cogTypeNames(model: CogModel) {
  const p = model.typePrefix;
  return { commands: `${p}CommandHandlers`, listeners: `${p}ListenerHandlers`, cog: `${p}Cog`, config: `${p}Config` };
}

/** The text of types.ts for one cog. */
export function emitTypes(model: CogModel): string {
  const names = cogTypeNames(model);
  const runners = model.commands.filter((c) => c.spec.handler !== null);
  const entityImports = new Set<string>();
  for (const command of runners) for (const option of command.spec.options) if (!option.choices && ENTITY_TYPES[option.type]) entityImports.add(ENTITY_TYPES[option.type]!);

  const statements: (string | StatementStructures)[] = [banner(model.source)];
  if (entityImports.size > 0) {
    statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: 'discord.js', namedImports: [...entityImports].sort() });
  }
  statements.push(
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: '../../../runtime/cogs/module.js', namedImports: model.listeners.length > 0 ? ['CogImplementation', 'ListenerHandler'] : ['CogImplementation'] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: '../../../runtime/context/types.js', namedImports: ['Context'] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: './config.js', namedImports: [names.config] },
  );

  for (const command of runners) {
    const { spec } = command;
    const docs = [docText(`Options of \`${spec.path.join(' ')}\`: ${spec.description}`)];
    if (spec.options.length === 0) {
      statements.push({ kind: StructureKind.TypeAlias, isExported: true, name: command.optionsType, type: 'Record<string, never>', docs });
      continue;
    }
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: command.optionsType,
      docs,
      properties: spec.options.map((option) => ({
        name: propertyName(option.name),
        type: optionTsType(option),
        hasQuestionToken: !option.required && option.default === undefined,
        docs: [docText(option.description + (option.default !== undefined ? ` (default ${JSON.stringify(option.default)})` : ''))],
      })),
    });
  }

  statements.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: names.commands,
    docs: [
      `The command handlers \`cogs/${model.folder}/handlers.ts\` must provide, one per command.\n` +
        'Properties with function types (not methods) so a handler with wrong option types is a compile error.',
    ],
    properties: runners.map((command) => ({
      name: propertyName(command.spec.handler!),
      type: `(ctx: Context<${names.config}>, options: ${command.optionsType}) => unknown`,
      docs: [docText(`\`${command.spec.path.join(' ')}\`: ${command.spec.description}`)],
    })),
  });
  if (model.listeners.length > 0) {
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: names.listeners,
      docs: ['The listeners declared in the manifest, by handler key.'],
      properties: model.listeners.map((listener) => ({
        name: propertyName(listener.handler),
        type: `ListenerHandler<${names.config}, ${quote(listener.event)}>`,
        docs: [`On \`${listener.event}\`${listener.once ? ' (once)' : ''}.`],
      })),
    });
  } else {
    statements.push({ kind: StructureKind.TypeAlias, isExported: true, name: names.listeners, type: 'Record<string, never>', docs: ['The manifest declares no listeners.'] });
  }
  statements.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: names.cog,
    type: `CogImplementation<${names.commands}, ${names.listeners}, ${names.config}>`,
    docs: [`What \`cogs/${model.folder}/handlers.ts\` default-exports: \`export default { ... } satisfies ${names.cog};\``],
  });
  return printFile(statements);
}
