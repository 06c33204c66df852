/**
 * The text of migration files: `cogs/<cog>/migrations/NNNN_<slug>.ts` (one migration, created once and
 * owned by the author from then on) and `generated/cogs/<cog>/migrations.ts` (every migration of the cog,
 * in order, regenerated each run).
 *
 * A migration's id is `migrationId(steps)` (runtime/migrations/id.ts, shared with the runtime): the first
 * 16 hex digits of the sha256 of its steps' canonical JSON. The runtime records it, so a file whose steps
 * were edited after it was written is noticed.
 */
import type { MigrationStep, MigrationTarget } from '../../runtime/contract/migrations.js';
import { migrationId } from '../../runtime/migrations/id.js';
import { banner, docText, literal, printFile, quote } from '../emit/source.js';
import type { ConfigChange, UpNeed } from './diff.js';

/** A migration file's name: `NNNN_<slug>.ts`. */
export const MIGRATION_FILE = /^(\d{4})_([a-z0-9]+(?:-[a-z0-9]+)*)\.ts$/;


/** A file slug from the changes that migrate data, e.g. `rename-total-move-prefix`. */
export function migrationSlug(changes: readonly ConfigChange[]): string {
  const kebab = (text: string) =>
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
  const slugs = [...new Set(changes.filter((c) => c.migrates).map((c) => kebab(c.slug)))];
  const name = slugs.slice(0, 2).join('-') + (slugs.length > 2 ? '-and-more' : '');
  return name.slice(0, 60).replace(/-+$/, '') || 'config';
}

/** `cogs/<folder>/migrations/NNNN_<slug>.ts`. */
export function migrationFile(folder: string, number: number, slug: string): string {
  return `cogs/${folder}/migrations/${String(number).padStart(4, '0')}_${slug}.ts`;
}

export interface MigrationFileInput {
  /** The file's path from the project root. */
  file: string;
  cog: string;
  number: number;
  name: string;
  steps: MigrationStep[];
  changes: ConfigChange[];
  ups: UpNeed[];
}

const CONTRACT = '../../../runtime/contract/migrations.js';

/** The text of a new migration file. */
export function emitMigrationFile(input: MigrationFileInput): string {
  const { file, cog, number, name, steps, changes, ups } = input;
  const header = [
    '/**',
    ` * Migration ${number} of cog \`${cog}\`, written by \`npm run generate\` from the difference between`,
    ' * migrations/snapshot.json and the manifest. It is created once and never overwritten: it is yours.',
    ...changes.map((c) => ` * - ${docText(c.description)}`),
    ' * Review it, commit it with snapshot.json; the bot applies it once, when the cog loads.',
    ' */',
  ];
  const body = [
    `  id: ${quote(migrationId(steps))},`,
    `  number: ${number},`,
    `  name: ${quote(name)},`,
    '  steps: [',
    ...steps.map((step) => `    ${stepLiteral(step)},`),
    '  ],',
  ];
  if (ups.length === 0) {
    return [...header, `import { defineMigration } from '${CONTRACT}';`, '', 'export default defineMigration({', ...body, '});', ''].join('\n');
  }
  const reason = ups.map((u) => u.reason).join('; ');
  return [
    ...header,
    `import { defineMigration, MigrationNotImplementedError, type MigrationData } from '${CONTRACT}';`,
    '',
    'export default defineMigration({',
    ...body,
    '  // Runs after the steps above (values are under their new names). Change the documents in place;',
    '  // throwing fails the migration: nothing is written and the cog does not load.',
    '  up(data: MigrationData): void {',
    ...ups.flatMap((u) => upExample(u).map((line) => `    ${line}`)),
    '    // data.put(target, keys, document) adds or replaces a document; data.remove(target, keys) deletes one.',
    `    throw new MigrationNotImplementedError(${quote(file)}, ${quote(reason)});`,
    '  },',
    '});',
    '',
  ].join('\n');
}

/** One step on one line when it fits (most do), else as a multi-line literal. */
function stepLiteral(step: MigrationStep): string {
  const line = `{ ${Object.entries(step)
    .map(([key, value]) => `${key}: ${literal(value)}`)
    .join(', ')} }`;
  return line.length <= 110 && !line.includes('\n') ? line : literal(step, '    ');
}

function targetLiteral(target: MigrationTarget): string {
  return 'scope' in target ? `{ scope: ${quote(target.scope)} }` : `{ custom: ${quote(target.custom)} }`;
}

/** Comment lines showing how to convert what one `up` step is for. */
function upExample(need: UpNeed): string[] {
  const target = targetLiteral(need.target);
  const lines = [`// ${need.reason}, e.g.:`, `// for (const doc of data.documents(${target})) {`];
  if (need.path && need.path.length > 0) {
    const parents = need.path.slice(0, -1);
    if (parents.length > 0) lines.splice(1, 0, "// (import type { JsonObject } from '../../../runtime/contract/json.js')");
    const last = need.path.at(-1)!;
    if (parents.length === 0) lines.push(`//   if (doc.data.${last} !== undefined) doc.data.${last} = convert(doc.data.${last});`);
    else {
      const group = parents.reduce((expr, key, i) => (i === 0 ? `doc.data.${key}` : `(${expr} as JsonObject | undefined)?.${key}`), '');
      lines.push(`//   const group = ${group} as JsonObject | undefined;`, `//   if (group?.${last} !== undefined) group.${last} = convert(group.${last});`);
    }
  } else {
    lines.push(`//   data.remove(${target}, doc.keys);`, `//   data.put(${target}, [...doc.keys, 'newKey'], doc.data);`);
  }
  lines.push('// }');
  return lines;
}

/** The text of generated/cogs/<folder>/migrations.ts: every migration file of the cog, in order. */
export function emitMigrationsIndex(folder: string, cog: string, files: readonly string[]): string {
  const names = [...files].sort();
  const local = (file: string) => `migration${file.slice(0, 4)}`;
  return printFile([
    banner(`cogs/${folder}/migrations/*.ts`),
    `import type { Migration } from '${CONTRACT}';`,
    ...names.map((file) => `import ${local(file)} from '../../../cogs/${folder}/migrations/${file.replace(/\.ts$/, '.js')}';`),
    `/** Every migration of cog \`${cog}\`, in the order they run. */`,
    `export const migrations: readonly Migration[] = [${names.map(local).join(', ')}];`,
  ]);
}
