/**
 * README "Five minutes" step 6 against the generator: the dice cog of step 1, its `rolls` moved into
 * `stats`, and the messages the README quotes are the ones generate prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { repoRoot, tempProject, type TempProject } from './helpers/project.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
/** README text with its line breaks and indents as single spaces (the tutorial wraps its prose). */
const prose = readme.replace(/\s+/g, ' ');

/** The YAML block after `marker` in the README, without its list indent. */
function yamlAfter(marker: string): string {
  const start = readme.indexOf('```yaml\n', readme.indexOf(marker)) + '```yaml\n'.length;
  const block = readme.slice(start, readme.indexOf('```', start));
  return block.replace(/^ {3}/gm, '').replace(/ +\n/g, '\n');
}

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

describe('README step 6: renaming a config field', () => {
  const v1 = yamlAfter('1. With `npm run dev` running, create `cogs/dice/cog.yaml`:');
  const moved = v1.replace('    rolls: { type: integer, default: 0 }\n', `${yamlAfter('6. Rename a config field').replace(/^config:\n {2}guild:\n/, '')}`);

  it('GIVEN the step 1 manifest with rolls moved as step 6 shows THEN check and generate say and write what the README says', async () => {
    expect(moved).toContain('    stats:\n      rolls: { type: integer, default: 0, renamedFrom: rolls }\n');
    project = tempProject();
    project.write('cogs/dice/cog.yaml', v1);
    expect((await generate({ root: project.root })).errors).toEqual([]);
    project.write('cogs/dice/cog.yaml', moved);
    const check = await generate({ root: project.root, check: true });
    const [drift] = check.drift;
    const said = `saying "config of cog dice differs from ${drift!.snapshot}: ${drift!.changes.join('; ')}"`;
    expect(prose.includes(said), `README step 6 quotes: ${said}`).toBe(true);
    const file = `the file generate would write, \`${drift!.migration}\``;
    expect(prose.includes(file), `README step 6 names: ${file}`).toBe(true);
  });

  it('GIVEN rolled without renamedFrom THEN generate stops with the message the README quotes, at the place it names', async () => {
    project = tempProject();
    project.write('cogs/dice/cog.yaml', v1);
    await generate({ root: project.root });
    project.write('cogs/dice/cog.yaml', moved.replace('rolls: { type: integer, default: 0, renamedFrom: rolls }', 'rolled: { type: integer, default: 0 }'));
    const result = await generate({ root: project.root });
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(formatProblem(error!)).toMatch(/^cogs\/dice\/cog\.yaml:20:7 /);
    const quoted = `generate stops at \`cogs/dice/cog.yaml:20:7\` with "${error!.message}"`;
    expect(prose.includes(quoted), `README step 6 quotes: ${quoted}`).toBe(true);
  });
});
