import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCycles } from '../../generator/checks/depends-on.js';
import { generate } from '../../generator/generate.js';
import type { CogSpec } from '../../runtime/contract/spec.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { tempProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

/** Writes one cog per entry (name → its dependsOn line, or none) and generates; returns the errors as `file:line:col message`. */
async function generateCogs(cogs: Record<string, string | undefined>): Promise<string[]> {
  rmSync(project.path('cogs'), { recursive: true, force: true });
  rmSync(project.path('generated'), { recursive: true, force: true });
  Object.entries(cogs).forEach(([name, dependsOn], i) => {
    project.write(`cogs/${name}/cog.yaml`, `name: ${name}\nidentifier: ${i + 1}\ndescription: ${name}.\ndataStatement: Keeps nothing.\n${dependsOn ?? ''}`);
  });
  return (await generate({ root: project.root })).errors.map(formatProblem);
}

describe('dependsOn across the manifests', () => {
  it('GIVEN dependencies on other cogs of the project THEN the spec lists them in order, and a cog without any has none', async () => {
    expect(await generateCogs({ base: undefined, economy: 'dependsOn: [base]\n', shop: 'dependsOn: [economy, base]\n' })).toEqual([]);
    const specOf = async (cog: string) => ((await import(pathToFileURL(project.path(`generated/cogs/${cog}/spec.ts`)).href)) as { spec: CogSpec }).spec;
    expect((await specOf('shop')).dependsOn).toEqual(['economy', 'base']);
    expect((await specOf('economy')).dependsOn).toEqual(['base']);
    expect((await specOf('base')).dependsOn).toBeUndefined();
  });

  it('GIVEN a name that is no cog of the project THEN it is refused at its entry, with the nearest cog name', async () => {
    expect(await generateCogs({ economy: undefined, shop: 'dependsOn:\n  - economy\n  - econmy\n  - weather\n' })).toEqual([
      'cogs/shop/cog.yaml:7:5 `econmy` is not a cog of this project; did you mean `economy`?',
      'cogs/shop/cog.yaml:8:5 `weather` is not a cog of this project',
    ]);
  });

  it('GIVEN a cog that depends on itself THEN it is refused at the entry', async () => {
    expect(await generateCogs({ shop: 'dependsOn: [shop]\n' })).toEqual(['cogs/shop/cog.yaml:5:13 cog `shop` cannot depend on itself']);
  });

  it('GIVEN a name listed twice THEN the schema refuses it', async () => {
    expect(await generateCogs({ base: undefined, shop: 'dependsOn: [base, base]\n' })).toEqual([
      expect.stringMatching(/^cogs\/shop\/cog\.yaml:5:12 must NOT have duplicate items/),
    ]);
  });

  it('GIVEN cogs that depend on each other in a circle THEN the cycle is reported once with its path, at the first cog on it', async () => {
    expect(await generateCogs({ a: 'dependsOn: [b]\n', b: 'dependsOn: [c]\n', c: 'dependsOn: [a]\n', d: 'dependsOn: [a]\n' })).toEqual([
      'cogs/a/cog.yaml:5:13 dependsOn makes a cycle: `a` → `b` → `c` → `a`; no load order can satisfy it',
    ]);
  });
});

describe('findCycles', () => {
  const graph = (edges: Record<string, string[]>) => (node: string) => edges[node] ?? [];

  it('GIVEN an acyclic graph with shared dependencies THEN there is no cycle', () => {
    expect(findCycles(['a', 'b', 'c', 'd'], graph({ a: ['b', 'c'], b: ['d'], c: ['d'] }))).toEqual([]);
  });

  it('GIVEN two separate cycles and one reached from several nodes THEN each is given once, rotated to its smallest name', () => {
    expect(findCycles(['a', 'b', 'c', 'x', 'y'], graph({ a: ['c'], c: ['b'], b: ['a'], x: ['y', 'a'], y: ['x'] }))).toEqual([
      ['a', 'c', 'b'],
      ['x', 'y'],
    ]);
  });
});
