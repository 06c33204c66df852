/** Naming rules shared by the checks and the emitters, so both agree on every derived name. */

/** Splits a manifest name (`set-prefix`, `snake_case`, `camelCase`) into lowercase words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** `['settings', 'set-prefix']` → `SettingsSetPrefix`. */
export function pascalCase(...names: string[]): string {
  return names
    .flatMap(words)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** `['settings', 'set-prefix']` → `settingsSetPrefix`. */
export function camelCase(...names: string[]): string {
  const pascal = pascalCase(...names);
  return pascal.length === 0 ? '' : pascal[0]!.toLowerCase() + pascal.slice(1);
}

/** The handler key of a command path. */
export function handlerKey(path: readonly string[]): string {
  return camelCase(...path);
}

/** The options interface name of a command path, e.g. `SettingsPrefixOptions`. */
export function optionsTypeName(path: readonly string[]): string {
  return `${pascalCase(...path)}Options`;
}

/** A property name as TypeScript source: bare when it is an identifier, quoted otherwise. */
export function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Names Discord accepts for slash commands, subcommands and options (ASCII subset of its rule). */
export const SLASH_NAME = /^[-_a-z0-9]{1,32}$/;

/** Names the text route accepts (no spaces; the same characters as slash, for one rule everywhere). */
export const TEXT_NAME = /^[-_a-z0-9]{1,32}$/;

/** Config keys that would shadow Group/Value API members (runtime/config/README.md); rejected at any depth. */
export const RESERVED_CONFIG_KEYS: readonly string[] = [
  'get', 'set', 'clear', 'all', 'update', 'getRaw', 'setRaw', 'clearRaw', 'getLock', 'getAttr',
  'increment', 'toggle', 'append', 'defaults', 'then', 'constructor',
];
