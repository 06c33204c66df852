/**
 * Emits `generated/cogs/<cog>/types.ts`: one `<Command>Options` interface per command handler, the cog's
 * handle and job payload types (lifecycle-types.ts), the handler interfaces the cog's `handlers.ts` must
 * satisfy, and the cog's `CogImplementation` type.
 */
import { StructureKind, type StatementStructures } from 'ts-morph';
import type { CogModel } from '../model/index.js';
import { predicateNames } from '../model/checks.js';
import { propertyName } from '../names.js';
import type { OptionSpec } from '../../runtime/contract/spec.js';
import { formatDuration } from '../../runtime/support/duration.js';
import { handlerStatements, handleStatements, lifecycleImports, lifecycleTypeNames, requiredLifecycleMembers } from './lifecycle-types.js';
import { newImports, optionTsType } from './option-types.js';
import { banner, docText, printFile, quote } from './source.js';

export { optionTsType } from './option-types.js';

/** ` (default 3)`, or for a duration ` (default 1 hour 30 minutes = 5400000 ms)`. */
function defaultDoc(option: OptionSpec): string {
  if (option.default === undefined) return '';
  if (option.type === 'duration' && typeof option.default === 'number') return ` (default ${formatDuration(option.default)} = ${option.default} ms)`;
  return ` (default ${JSON.stringify(option.default)})`;
}

/** Names of the cog-level generated types. */
export function cogTypeNames(model: CogModel) {
  const p = model.typePrefix;
  return {
    commands: `${p}CommandHandlers`,
    listeners: `${p}ListenerHandlers`,
    cog: `${p}Cog`,
    config: `${p}Config`,
    converters: `${p}Converters`,
    autocomplete: `${p}Autocomplete`,
    checks: `${p}Checks`,
    ...lifecycleTypeNames(model),
  };
}

/** The text of types.ts for one cog. */
export function emitTypes(model: CogModel): string {
  const names = cogTypeNames(model);
  const runners = model.commands.filter((c) => c.spec.handler !== null);
  const imports = newImports();
  const tsType = (option: Parameters<typeof optionTsType>[0]) => optionTsType(option, imports, model.spec, model.folder);
  for (const command of runners) for (const option of command.spec.options) tsType(option);
  const converters = model.spec.converters ?? [];
  const suggested = runners.flatMap((command) => command.spec.options.filter((o) => o.autocomplete).map((option) => ({ command, option })));
  const predicates = predicateNames(model.spec.commands);
  const moduleImports = [
    'CogImplementation',
    ...lifecycleImports(model),
    ...(converters.length > 0 ? ['Converter'] : []),
    ...(predicates.length > 0 ? ['CheckPredicate'] : []),
    ...(model.listeners.length > 0 ? ['ListenerHandler'] : []),
    ...(suggested.length > 0 ? ['Suggester'] : []),
  ].sort();

  const statements: (string | StatementStructures)[] = [banner(model.source)];
  if (imports.discord.size > 0) {
    statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: 'discord.js', namedImports: [...imports.discord].sort() });
  }
  for (const [specifier, names] of [...imports.cogModules].sort()) {
    statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: specifier, namedImports: [...names].sort() });
  }
  if (imports.emoji) statements.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: '../../../runtime/commands/emoji.js', namedImports: ['EmojiValue'] });
  statements.push(
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: '../../../runtime/cogs/module.js', namedImports: moduleImports },
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
        type: tsType(option),
        hasQuestionToken: !option.required && option.default === undefined,
        docs: [docText(option.description + defaultDoc(option))],
      })),
    });
  }

  statements.push(...handleStatements(model, names.config));
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
      type: `(ctx: Context<${names.config}, ${names.handle}>, options: ${command.optionsType}) => unknown`,
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
        type: `ListenerHandler<${names.config}, ${quote(listener.event)}, ${names.handle}>`,
        docs: [`On \`${listener.event}\`${listener.once ? ' (once)' : ''}.`],
      })),
    });
  } else {
    statements.push({ kind: StructureKind.TypeAlias, isExported: true, name: names.listeners, type: 'Record<string, never>', docs: ['The manifest declares no listeners.'] });
  }
  statements.push(...handlerStatements(model));
  if (converters.length > 0) {
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: names.converters,
      docs: ['The custom converters declared in the manifest: raw text in, the produced type out (throw `ConversionFailure` to reject).'],
      properties: converters.map((c) => ({ name: propertyName(c.name), type: `Converter<${c.produces}>`, docs: [docText(c.description)] })),
    });
  }
  if (suggested.length > 0) {
    const byHandler = new Map<string, typeof suggested>();
    for (const entry of suggested) byHandler.set(entry.command.spec.handler!, [...(byHandler.get(entry.command.spec.handler!) ?? []), entry]);
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: names.autocomplete,
      docs: ['Autocomplete suggesters, by command handler key then option name (options marked `autocomplete`).'],
      properties: [...byHandler].map(([handler, entries]) => ({
        name: propertyName(handler),
        type: `{ ${entries.map(({ option }) => `${propertyName(option.name)}: Suggester<${option.type === 'string' ? 'string' : 'number'}>`).join('; ')} }`,
      })),
    });
  }
  if (predicates.length > 0) {
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: names.checks,
      docs: ['The custom check predicates the manifest names: true allows, false refuses silently, throwing `CheckFailure` with a message refuses and says why.'],
      properties: predicates.map((name) => ({ name: propertyName(name), type: `CheckPredicate<${names.config}, ${names.handle}>` })),
    });
  }
  const extras = [
    ...(converters.length > 0 ? [`converters: ${names.converters}`] : []),
    ...(predicates.length > 0 ? [`checks: ${names.checks}`] : []),
    ...(suggested.length > 0 ? [`autocomplete: ${names.autocomplete}`] : []),
    ...requiredLifecycleMembers(model),
  ];
  statements.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: names.cog,
    type: `CogImplementation<${names.commands}, ${names.listeners}, ${names.config}, ${names.handle}>${extras.length > 0 ? ` & { ${extras.join('; ')} }` : ''}`,
    docs: [`What \`cogs/${model.folder}/handlers.ts\` default-exports: \`export default { ... } satisfies ${names.cog};\``],
  });
  return printFile(statements);
}
