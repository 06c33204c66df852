/**
 * Finds every cog under `cogs/`, reads its manifest (`cog.yaml`, or `cog.ts` exporting `defineCog({...})`)
 * and validates it against the JSON Schema. Every error in every manifest is collected before anything
 * else happens, each with its file, line and column. A manifest with schema errors still comes back,
 * as its well-formed part (well-formed.ts), so the checks of meaning report in the same run.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { describeAjvErrors, parseYamlSource, positionOfPointer } from '../runtime/support/yaml-source.js';
import type { CogManifest } from './manifest.js';
import { ProblemList, type Locator } from './problems.js';
import { cogManifestSchema } from './schema.js';
import { locateInTypeScript } from './ts-locate.js';
import { wellFormedPart } from './well-formed.js';

/** A manifest that passed the schema, or the well-formed part of one that did not (`partial`). */
export interface LoadedManifest {
  /** The cog's folder name. */
  folder: string;
  /** The manifest file relative to the project root, with `/` separators. */
  file: string;
  /**
   * With `partial`, the entries holding schema errors are left out, and top-level keys the schema
   * requires (`name`, `identifier`, ...) may be missing; the errors are already reported.
   */
  manifest: CogManifest;
  /** Positions in the file, for paths in `manifest`. */
  locate: Locator;
  /** The manifest failed the schema: only checks run on it, nothing is generated from it. */
  partial?: boolean;
}

let validator: ValidateFunction | undefined;

/** The compiled schema validator (all errors, with parent schemas for "did you mean"). */
export function manifestValidator(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true }).compile(cogManifestSchema);
  return validator;
}

/** Loads and schema-validates every manifest under `root/cogs`, sorted by folder name. */
export async function loadManifests(root: string, problems: ProblemList): Promise<LoadedManifest[]> {
  const cogsDir = join(root, 'cogs');
  if (!existsSync(cogsDir)) return [];
  const loaded: LoadedManifest[] = [];
  const folders = readdirSync(cogsDir)
    .filter((name) => statSync(join(cogsDir, name)).isDirectory())
    .sort();
  for (const folder of folders) {
    const yamlPath = join(cogsDir, folder, 'cog.yaml');
    const tsPath = join(cogsDir, folder, 'cog.ts');
    const hasYaml = existsSync(yamlPath);
    const hasTs = existsSync(tsPath);
    if (hasYaml && hasTs) {
      problems.errors.push({ file: `cogs/${folder}/cog.ts`, line: 1, col: 1, message: 'a cog has one manifest: remove cog.ts or cog.yaml' });
      continue;
    }
    if (!hasYaml && !hasTs) {
      problems.warnings.push({ file: `cogs/${folder}`, line: 1, col: 1, message: 'no cog.yaml or cog.ts here: the folder is not a cog and was skipped' });
      continue;
    }
    const manifest = hasYaml ? loadYaml(root, folder, problems) : await loadTypeScript(root, folder, problems);
    if (manifest) loaded.push(manifest);
  }
  return loaded;
}

function loadYaml(root: string, folder: string, problems: ProblemList): LoadedManifest | undefined {
  const file = `cogs/${folder}/cog.yaml`;
  const { source, problems: syntax } = parseYamlSource(file, readFileSync(join(root, file), 'utf8'));
  if (!source) {
    problems.errors.push(...syntax);
    return undefined;
  }
  const locate: Locator = (path, options) => positionOfPointer(source, path, options);
  return validate(file, folder, source.value, locate, problems);
}

async function loadTypeScript(root: string, folder: string, problems: ProblemList): Promise<LoadedManifest | undefined> {
  const file = `cogs/${folder}/cog.ts`;
  const absolute = join(root, file);
  const text = readFileSync(absolute, 'utf8');
  const locate: Locator = (path, options) => locateInTypeScript(text, path, options);
  let value: unknown;
  try {
    // One generator run imports each manifest once (the CLI is one process per run). A long-lived process
    // would see a cached module after cog.ts changes: vite caches the transform by path.
    const module = (await import(/* @vite-ignore */ pathToFileURL(absolute).href)) as { default?: unknown };
    value = module.default;
  } catch (error) {
    problems.errors.push({ file, line: 1, col: 1, message: `cannot load: ${(error as Error).message}` });
    return undefined;
  }
  if (value === undefined) {
    problems.errors.push({ file, line: 1, col: 1, message: 'no default export: write `export default defineCog({ ... })`' });
    return undefined;
  }
  return validate(file, folder, value, locate, problems);
}

function validate(file: string, folder: string, value: unknown, locate: Locator, problems: ProblemList): LoadedManifest | undefined {
  const validate = manifestValidator();
  if (validate(value)) return { folder, file, manifest: value as CogManifest, locate };
  for (const located of describeAjvErrors(validate.errors ?? [])) {
    problems.error(file, locate, located.path, located.message, { key: located.atKey });
  }
  const part = wellFormedPart(value, validate, cogManifestSchema);
  if (!part) return undefined;
  const locatePart: Locator = (path, options) => locate(part.toOriginal(path), options);
  return { folder, file, manifest: part.value as CogManifest, locate: locatePart, partial: true };
}
