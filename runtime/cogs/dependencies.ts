/**
 * Dependencies between cogs (the manifest's `dependsOn`): a cog loads after the cogs it depends on, and a
 * cog others depend on is not unloaded before them. The generator refuses unknown names and cycles; the
 * runtime checks again, since a registry may be made in code.
 */
import type { CogSpec } from '../contract/spec.js';
import { CogLoadError } from './errors.js';

/** `names` and everything they depend on, each after its dependencies (otherwise in the given order). */
export function dependencyOrder(names: readonly string[], specOf: (name: string) => CogSpec | undefined): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' → ');
      throw new CogLoadError(name, `Cogs depend on each other in a circle: ${cycle}.`);
    }
    const spec = specOf(name);
    if (!spec) {
      const by = path.at(-1);
      throw new CogLoadError(name, by ? `Cog "${by}" depends on "${name}", which is not in the registry.` : `No cog named "${name}" in the registry.`);
    }
    state.set(name, 'visiting');
    for (const dependency of spec.dependsOn ?? []) visit(dependency, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}

/** The loaded cogs that depend on `name`, directly or through others, in load order. */
export function dependentsOf(name: string, loaded: readonly CogSpec[]): string[] {
  const out: string[] = [];
  const needs = (spec: CogSpec, target: string, seen = new Set<string>()): boolean => {
    for (const dependency of spec.dependsOn ?? []) {
      if (dependency === target) return true;
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      const next = loaded.find((s) => s.name === dependency);
      if (next && needs(next, target, seen)) return true;
    }
    return false;
  };
  for (const spec of loaded) if (spec.name !== name && needs(spec, name)) out.push(spec.name);
  return out;
}
