/** Check tests on a one-cog project: the cog `c`, whose manifest is four fixed lines and the body under test. */
import { rmSync } from 'node:fs';
import { generate } from '../../../generator/generate.js';
import { formatProblem } from '../../../runtime/support/yaml-source.js';
import type { TempProject } from './project.js';

/** The first four lines of the manifest; a body's first line is line 5. */
export const HEAD = 'name: c\nidentifier: 1\ndescription: C.\ndataStatement: Keeps nothing.\n';

/** Generates the project with only cog `c` (HEAD + body); returns each error as `line:col message` (`file:line:col` with `withFile`). */
export async function errorsOfCog(project: TempProject, body: string, options: { withFile?: boolean } = {}): Promise<string[]> {
  rmSync(project.path('cogs'), { recursive: true, force: true });
  project.write('cogs/c/cog.yaml', HEAD + body);
  const result = await generate({ root: project.root });
  return result.errors.map((e) => (options.withFile ? formatProblem(e) : formatProblem(e).replace('cogs/c/cog.yaml:', '')));
}

/** A `cogs/tsbad/cog.ts` manifest with these command literals, one a line from line 10 on. */
export const tsManifest = (commands: string[]): string =>
  [
    "import { defineCog } from '../../generator/define.js';",
    '',
    '// Errors the type checker would also flag; the generator must find them in plain JS values too.',
    'export default defineCog({',
    "  name: 'tsbad',",
    '  identifier: 3,',
    "  description: 'x',",
    "  dataStatement: 'Keeps nothing.',",
    '  commands: [',
    ...commands.map((c) => `    ${c},`),
    '  ],',
    '} as never);',
    '',
  ].join('\n');
