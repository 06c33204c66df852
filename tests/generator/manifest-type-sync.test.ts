import { join } from 'node:path';
import { Project, type Type } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { cogManifestSchema } from '../../generator/schema.js';
import { repoRoot } from './helpers/project.js';

// Which TypeScript type mirrors each object definition of the schema. A new definition must be added here.
const TYPE_OF_DEFINITION: Record<string, string | null> = {
  '': 'CogManifest',
  command: 'CommandManifest',
  subcommand: 'SubcommandManifest',
  option: 'OptionManifest',
  converter: 'ConverterManifest',
  choice: null, // a union of plain values and an object; checked through its `then` branch below
  'choice.then': 'Exclude<ChoiceManifest, string | number>',
  allowedMentions: 'AllowedMentionsManifest',
  cooldown: 'CooldownManifest',
  maxConcurrency: 'MaxConcurrencyManifest',
  listener: 'ListenerManifest',
  task: 'TaskManifest',
  job: 'JobManifest',
  config: 'ConfigManifest',
  customGroup: 'CustomGroupManifest',
  configGroup: null, // a map: its entries are configField | configGroup, checked by the index signature test
  configField: 'ConfigFieldManifest',
  configType: 'ConfigTypeManifest',
  check: null, // a union of a predicate name and one-key objects (CheckManifest), checked by the generator tests of checks
  privilege: null, // an enum of level names (ManifestPrivilege), not an object
  userData: 'UserDataManifest',
  userDataCustom: 'UserDataCustomManifest',
};

interface ObjectSchema {
  properties?: Record<string, unknown>;
  required?: readonly string[];
  then?: ObjectSchema;
}

function loadTypes() {
  const project = new Project({ tsConfigFilePath: join(repoRoot, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
  const probe = project.createSourceFile(
    join(repoRoot, 'generator', '__probe__.ts'),
    `import type * as M from './manifest.js';\n` +
      Object.values(TYPE_OF_DEFINITION)
        .filter((t): t is string => t !== null)
        .map((t, i) => `export type T${i} = ${t.replace(/\b([A-Z][A-Za-z]*Manifest)\b/g, 'M.$1')};`)
        .join('\n'),
    { overwrite: true },
  );
  const types = new Map<string, Type>();
  Object.values(TYPE_OF_DEFINITION)
    .filter((t): t is string => t !== null)
    .forEach((t, i) => types.set(t, probe.getTypeAliasOrThrow(`T${i}`).getType()));
  return { types, probe };
}

describe('CogManifest (TypeScript) and the JSON Schema stay in step', () => {
  const { types, probe } = loadTypes();
  const definitions = cogManifestSchema.definitions as unknown as Record<string, ObjectSchema>;

  it('GIVEN every schema definition THEN it has a mirror entry in this test', () => {
    for (const name of Object.keys(definitions)) expect(TYPE_OF_DEFINITION, `definition ${name}`).toHaveProperty(name);
  });

  for (const [definition, typeName] of Object.entries(TYPE_OF_DEFINITION)) {
    if (typeName === null) continue;
    it(`GIVEN ${definition || 'the top level'} THEN ${typeName} has the same properties, optional exactly where the schema does not require them`, () => {
      const schema: ObjectSchema =
        definition === '' ? (cogManifestSchema as unknown as ObjectSchema) : definition === 'choice.then' ? definitions.choice!.then! : definitions[definition]!;
      const type = types.get(typeName)!;
      const schemaProps = Object.keys(schema.properties ?? {}).sort();
      const typeProps = type.getProperties().map((p) => p.getName()).sort();
      expect(typeProps).toEqual(schemaProps);
      const required = new Set(schema.required ?? []);
      for (const property of type.getProperties()) {
        expect(property.isOptional(), `${typeName}.${property.getName()} optional`).toBe(!required.has(property.getName()));
      }
    });
  }

  it('GIVEN enums in the schema THEN the TypeScript unions list the same values', () => {
    const union = (alias: string) => {
      const file = probe.getProject().getSourceFileOrThrow(join(repoRoot, 'generator', 'manifest.ts'));
      return file.getTypeAliasOrThrow(alias).getType().getUnionTypes().map((t) => JSON.parse(t.getText()) as string).sort();
    };
    // A property that also takes a list (option `type`: a union) holds its enum in the first `anyOf` branch.
    const values = (definition: string, property: string) => {
      const node = definitions[definition]!.properties![property] as { enum?: string[]; anyOf?: { enum?: string[] }[] };
      return [...(node.enum ?? node.anyOf![0]!.enum!)].sort();
    };
    expect(union('ManifestCommandKind')).toEqual(values('command', 'kind'));
    expect(union('ManifestOptionType')).toEqual(values('option', 'type'));
    expect(union('ManifestConfigTypeName')).toEqual(values('configField', 'type'));
    expect(values('configType', 'type')).toEqual(values('configField', 'type'));
  });
});
