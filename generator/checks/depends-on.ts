/**
 * Checks of `dependsOn` across all manifests: every name is another cog of the project (with a
 * did-you-mean), and the dependencies have no cycle, which no load order could satisfy.
 */
import { didYouMean } from '../../runtime/support/did-you-mean.js';
import type { LoadedManifest } from '../load.js';
import type { ProblemList } from '../problems.js';

/** Checks the dependsOn lists of every manifest; a cycle is reported once, at the first cog on it (by name). */
export function checkDependsOn(cogs: readonly LoadedManifest[], problems: ProblemList): void {
  // A manifest with schema errors may have no (valid) name: it cannot be depended on by name.
  const byName = new Map(cogs.filter((cog) => cog.manifest.name !== undefined).map((cog) => [cog.manifest.name, cog]));
  for (const cog of cogs) {
    (cog.manifest.dependsOn ?? []).forEach((name, i) => {
      if (name === cog.manifest.name) {
        problems.error(cog.file, cog.locate, ['dependsOn', i], `cog \`${name}\` cannot depend on itself`);
      } else if (!byName.has(name)) {
        const guess = didYouMean(name, [...byName.keys()].filter((other) => other !== cog.manifest.name));
        problems.error(cog.file, cog.locate, ['dependsOn', i], `\`${name}\` is not a cog of this project${guess ? `; did you mean \`${guess}\`?` : ''}`);
      }
    });
  }
  const edges = (name: string) => (byName.get(name)?.manifest.dependsOn ?? []).filter((dep) => dep !== name && byName.has(dep));
  for (const cycle of findCycles([...byName.keys()].sort(), edges)) {
    const first = byName.get(cycle[0]!)!;
    const index = first.manifest.dependsOn!.indexOf(cycle[1]!);
    problems.error(first.file, first.locate, ['dependsOn', index], `dependsOn makes a cycle: ${[...cycle, cycle[0]].map((n) => `\`${n}\``).join(' → ')}; no load order can satisfy it`);
  }
}

/**
 * Cycles of a directed graph found by a depth-first search from each node in order, each rotated to start
 * at its smallest name and given once. Every cyclic part of the graph yields at least one.
 */
export function findCycles(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found = new Map<string, string[]>();
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges(node)) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        found.set(rotated.join('\0'), rotated);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of nodes) if (!state.has(node)) visit(node);
  return [...found.values()].sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : 1));
}
