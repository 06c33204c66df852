import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  ajvProblems,
  formatProblem,
  parseYamlSource,
  parseYamlSourceOrThrow,
  pointerSegments,
  positionOfPointer,
  SourceProblemsError,
  toPointer,
} from '../../runtime/support/yaml-source.js';

const TEXT = `prefixes: ["!", "?"]
owners:
  - "123"
storage:
  driver: json
  path: ./data
shards: { count: 2 }
`;

describe('yaml-source', () => {
  it('GIVEN a pointer THEN it maps to the value node, or to its key when asked', () => {
    const source = parseYamlSourceOrThrow('bot.config.yaml', TEXT);
    expect(positionOfPointer(source, '/storage/path')).toEqual({ line: 6, col: 9 });
    expect(positionOfPointer(source, '/storage/path', { key: true })).toEqual({ line: 6, col: 3 });
    expect(positionOfPointer(source, '/prefixes/1')).toEqual({ line: 1, col: 17 });
    expect(positionOfPointer(source, '/owners/0')).toEqual({ line: 3, col: 5 });
    expect(positionOfPointer(source, '/shards/count')).toEqual({ line: 7, col: 18 });
    // A node that does not exist falls back to the deepest one that does.
    expect(positionOfPointer(source, '/storage/missing/deeper')).toEqual({ line: 5, col: 3 });
  });

  it('GIVEN JSON pointer escapes THEN segments round-trip', () => {
    expect(pointerSegments('/a~1b/c~0d/0')).toEqual(['a/b', 'c~d', '0']);
    expect(toPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
    expect(pointerSegments('')).toEqual([]);
  });

  it('GIVEN a YAML syntax error THEN it is a problem at file:line:col and no source is returned', () => {
    const { source, problems } = parseYamlSource('x.yaml', 'a: 1\nb: [1, 2\n');
    expect(source).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^x\.yaml:\d+:\d+ YAML syntax error: \S/)]);
    expect(() => parseYamlSourceOrThrow('x.yaml', 'a: 1\na: 2\n')).toThrow(SourceProblemsError);
    expect(() => parseYamlSourceOrThrow('x.yaml', 'a: 1\na: 2\n')).toThrow('x.yaml:2:1 YAML syntax error: Map keys must be unique');
  });

  it('GIVEN ajv errors THEN all are formatted at once, unknown keys at the key with did-you-mean', () => {
    const validate = new Ajv({ allErrors: true, verbose: true }).compile({
      type: 'object',
      additionalProperties: false,
      required: ['owners'],
      properties: {
        owners: { type: 'array', items: { type: 'string' } },
        storage: {
          type: 'object',
          additionalProperties: false,
          properties: { driver: { enum: ['json', 'postgres', 'memory'] }, path: { type: 'string' } },
        },
      },
    });
    const source = parseYamlSourceOrThrow('bot.config.yaml', 'owner: ["1"]\nstorage:\n  driver: jsn\n  pth: ./data\n');
    expect(validate(source.value)).toBe(false);
    expect(ajvProblems(source, validate.errors!).map(formatProblem)).toEqual([
      'bot.config.yaml:1:1 missing required key `owners`',
      'bot.config.yaml:1:1 unknown key `owner`; did you mean `owners`?',
      'bot.config.yaml:3:11 must be one of `json`, `postgres`, `memory`, got "jsn"; did you mean `json`?',
      'bot.config.yaml:4:3 unknown key `pth`; did you mean `path`?',
    ]);
  });
});

describe('yaml-source: keys without values', () => {
  it('GIVEN `key:` with nothing after it THEN errors about its value point at the key', () => {
    const source = parseYamlSourceOrThrow('x.yaml', 'a:\n  name:\n  kind: text\n');
    expect(positionOfPointer(source, '/a/name')).toEqual({ line: 2, col: 3 });
  });
});
