/**
 * Handler stubs for converters and autocomplete: `generate` adds them to a cog's handlers.ts so the file
 * satisfies the generated cog type at once; removing one is a compile error naming what is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { compile, tempProject, type TempProject } from '../generator/helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

const MANIFEST = `name: c
identifier: 1
description: C.
dataStatement: Keeps nothing.
converters:
  - { name: colour, description: A colour., produces: "{ r: number }" }
commands:
  - name: paint
    kind: hybrid
    description: Paints.
    options:
      - { name: tint, type: string, description: A colour., converter: colour }
      - { name: size, type: integer, description: How big., autocomplete: true }
`;

describe('converter and autocomplete stubs', () => {
  it('GIVEN a manifest with a converter and an autocomplete option WHEN generating THEN stubs are added and the project compiles', async () => {
    project.write('cogs/c/cog.yaml', MANIFEST);
    const result = await generate({ root: project.root });
    expect(result.errors).toEqual([]);
    const handlers = project.read('cogs/c/handlers.ts');
    expect(handlers).toContain("converter `colour` is not implemented yet (stub `converters.colour` in cogs/c/handlers.ts)");
    expect(handlers).toMatch(/autocomplete: \{\n\s+paint: \{\n.*\n\s+size: \(_focused, _ctx\) => \[\],/);
    expect(compile(project.root)).toEqual({ status: 0, output: '' });

    // Without the converter entry the cog no longer satisfies its generated type.
    project.write('cogs/c/handlers.ts', handlers.replace(/ {2}converters: \{[\s\S]*?\n {2}\},\n/, ''));
    const broken = compile(project.root);
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain('converters');
    project.write('cogs/c/handlers.ts', handlers);
  });
});
