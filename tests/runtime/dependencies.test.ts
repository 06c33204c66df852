/**
 * package.json's dependencies: what `npm ci --omit=dev` installs (package-lock.json's production packages)
 * holds no generator, transformer or test tooling; every package the shipped code imports is declared
 * where it belongs; and every installed package with an install script has a decision in `allowScripts`,
 * so `npm install` does not end with a list of skipped scripts to wonder about.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { lockedPackages, packageName, productionPackages } from '../helpers/lockfile.js';
import { ROOT } from '../helpers/npm-start.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const DEV_TOOLING = ['vite', 'vite-node', 'vitest', 'rolldown', 'esbuild', 'typescript', 'ts-morph', '@ts-morph/common', 'handlebars', 'drizzle-kit', 'tsx', 'uglify-js'];

/** The packages (not node: builtins, not relative paths) imported by the files under `dirs`, with who imports them. */
function importedPackages(dirs: readonly string[], skip: (file: string) => boolean): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(m?ts|mjs)$/.test(name) && !skip(relative(ROOT, path))) {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
          const specifier = match[1] ?? match[2]!;
          if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/')) continue;
          const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
          found.set(pkg, [...(found.get(pkg) ?? []), relative(ROOT, path)]);
        }
      }
    }
  };
  for (const dir of dirs) walk(join(ROOT, dir));
  return found;
}

it('GIVEN the lock file WHEN npm ci --omit=dev installs THEN no generator, transformer or test tooling is among the packages', () => {
  const { all } = productionPackages(ROOT);
  expect(all.has('discord.js')).toBe(true);
  expect(DEV_TOOLING.filter((name) => all.has(name))).toEqual([]);
  expect(DEV_TOOLING.filter((name) => name in manifest.dependencies)).toEqual([]);
});

it('GIVEN the code a production start runs (runtime/, cogs/, generated/) THEN every package it imports is a declared dependency, pinned', () => {
  // Development-only parts of runtime/: the vitest helper, the dev watcher's type-check worker, the vite host.
  const devOnly = (file: string) => /^runtime\/(testing\/vitest\.ts|dev\/|host\/(vite-host|launch)\.(d\.)?m)/.test(file);
  const used = importedPackages(['runtime', 'cogs', 'generated'], devOnly);
  expect(used.has('discord-api-types')).toBe(true);
  const undeclared = [...used.keys()].filter((pkg) => !(pkg in manifest.dependencies));
  expect(undeclared.map((pkg) => `${pkg} (${used.get(pkg)![0]})`)).toEqual([]);
  for (const [pkg, version] of Object.entries(manifest.dependencies)) expect(version, pkg).toMatch(/^\d+\.\d+\.\d+$/);
  // Pinned to what discord.js resolves, so both see one copy of the API types.
  const locked = lockedPackages(ROOT);
  expect(manifest.dependencies['discord-api-types']).toBe(locked['node_modules/discord-api-types']!.version);
  expect(locked['node_modules/discord.js/node_modules/discord-api-types']).toBeUndefined();
});

it('GIVEN the generator and the tests THEN the packages they import are declared (as dependencies or dev dependencies)', () => {
  const used = importedPackages(['generator', 'tests', 'bench', 'scripts'], () => false);
  const declared = { ...manifest.dependencies, ...manifest.devDependencies };
  expect([...used.keys()].filter((pkg) => !(pkg in declared) && !pkg.startsWith('$'))).toEqual([]);
});

it('GIVEN every installed package with an install script THEN allowScripts decides it, so npm install reports none as skipped', () => {
  const withScripts = Object.entries(lockedPackages(ROOT))
    .filter(([, info]) => info.hasInstallScript)
    .map(([path]) => packageName(path));
  expect(withScripts.length).toBeGreaterThan(0);
  expect(withScripts.filter((name) => !(name in (manifest.allowScripts ?? {})))).toEqual([]);
});
