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
