/**
 * The config differ: a pure function from a cog's committed snapshot (A) and its manifest (B, with its
 * `renamedFrom` and `rewriteOldDefault` marks) to the changes between them, the migration steps they
 * need, and the problems that stop a migration from being written. It reads no files; generate does.
 *
 * Decisions:
 * - Renames are never guessed. B's entry is A's entry at the same path (or under its renamed parent's
 *   former path) unless `renamedFrom` says otherwise. A field added with no `renamedFrom` while a field of
 *   the same type was removed from the same target is an error with a hint (`did you mean renamedFrom:
 *   old?`): writing `renamedFrom: null` says it is new. The same holds for a custom group added while one
 *   with as many primary keys is removed (`renamedFrom: null` on the group says it is new).
 * - `renamedFrom` resolves as a dotted path from the target's root when it has a dot; a plain name is a
 *   sibling in the (former) parent group first, then a name at the root (a field moved into a group). A
 *   name absent from the snapshot is an error with a did-you-mean when the snapshot has a removed entry of
 *   the same type (a typo would otherwise drop the real one); with nothing of that type removed it was
 *   migrated already, and is ignored with a warning that it can go. A name the manifest still declares is
 *   an error (swaps take two migrations).
 * - Changes that leave stored data valid need no migration file; they only update the snapshot: a field,
 *   group, scope or custom group added; a default changed without `rewriteOldDefault` (values never set
 *   follow the new default anyway); a field that became nullable; custom key names renamed with their
 *   count kept (keys are positional); a new identifier (a warning: data stays under the old one).
 * - Steps run in this order: dropped scopes and custom groups, renamed custom groups; then per target:
 *   drops of removed entries (before moves, so a moved value never lands on something dropped after it),
 *   moves parents first, drops of removed groups a value was moved out of, default rewrites and null
 *   replacements at the new paths; and last every `up` (it sees the data under its new names).
 * - A change of type (also inside `items`/`fields`, a field that became a group or back) and a custom
 *   group's key count need the author: an `up` step whose reason names the cog, the target, the path and
 *   old → new. With an error, `steps` is empty: nothing may be written from a diff with errors.
 */
import type { ConfigSnapshot, MigrationStep, MigrationTarget, SnapshotField, SnapshotGroup, SnapshotType } from '../../runtime/contract/migrations.js';
import { configEntries, isConfigField } from '../checks/config.js';
import type { ConfigFieldManifest, ConfigGroupManifest, ConfigManifest } from '../manifest.js';
import { CONFIG_SCOPES } from '../model/config.js';
import type { ManifestPath } from '../problems.js';
import { didYouMean } from '../../runtime/support/did-you-mean.js';
import { canonicalJson } from '../../runtime/migrations/id.js';
import { buildSnapshot, sameJson, snapshotField, snapshotGroup, type SnapshotSource } from './snapshot.js';

export type ConfigChangeKind =
  | 'fieldAdded'
  | 'fieldRemoved'
  | 'groupAdded'
  | 'groupRemoved'
  | 'renamed'
  | 'moved'
  | 'defaultChanged'
  | 'typeChanged'
  | 'nullabilityChanged'
  | 'customAdded'
  | 'customRemoved'
  | 'customRenamed'
  | 'customKeysChanged'
  | 'scopeAdded'
  | 'scopeRemoved'
  | 'identifierChanged';

export interface ConfigChange {
  kind: ConfigChangeKind;
  /** One line for people, e.g. `guild settings.total renamed from settings.count`. */
  description: string;
  /** A short part of a migration's file name, e.g. `rename-total`. */
  slug: string;
  /** True when stored data must change (the change produced steps). */
  migrates: boolean;
}

/** A problem at a path of the manifest (its `key` when `key`). */
export interface DiffProblem {
  path: ManifestPath;
  message: string;
  key?: boolean;
}

export interface ConfigDiff {
  changes: ConfigChange[];
  /** Empty when there are errors. */
  steps: MigrationStep[];
  errors: DiffProblem[];
  warnings: DiffProblem[];
  /** What each `up` step is for, in step order (for the stub's comment). */
  ups: UpNeed[];
  /** B's snapshot (its `version` is A's: the caller sets the new one). */
  next: ConfigSnapshot;
}

/** A change an `up` must make: in which target, at which path (none: whole documents, a key count). */
export interface UpNeed {
  target: MigrationTarget;
  path?: string[];
  reason: string;
}

type Entry = SnapshotField | SnapshotGroup;
type Path = string[];

const dotted = (path: readonly string[]) => path.join('.');

/** Compares a cog's snapshot with its manifest. */
export function diffConfig(previous: ConfigSnapshot, manifest: SnapshotSource): ConfigDiff {
  const next = buildSnapshot(manifest, previous.version);
  const out = new DiffState(manifest.name);
  if (previous.identifier !== next.identifier) {
    out.change('identifierChanged', `identifier changed from ${previous.identifier} to ${next.identifier}`, 'identifier', false);
    out.warnings.push({ path: ['identifier'], message: `the identifier changed from ${previous.identifier} (in the snapshot) to ${next.identifier}: data stored under the old identifier is not moved; a cog's identifier is meant never to change` });
  }
  const config: ConfigManifest = manifest.config ?? {};

  for (const scope of CONFIG_SCOPES) {
    const before = previous.scopes[scope];
    const group = config[scope];
    if (group?.renamedFrom !== undefined) out.errors.push({ path: ['config', scope, 'renamedFrom'], message: `a scope has no former name: data does not move between scopes (put \`renamedFrom\` on a field or group inside \`${scope}\`)`, key: true });
    if (before && !group) {
      out.change('scopeRemoved', `scope ${scope} removed`, `drop-${scope}`, true);
      out.targetSteps.push({ kind: 'dropTarget', target: { scope } });
    } else if (!before && group) out.change('scopeAdded', `scope ${scope} added`, `add-${scope}`, false);
    if (group) out.target({ scope }, scope, before, group, ['config', scope]);
  }

  const customB = config.custom ?? {};
  const claimed = new Map<string, string>();
  /** Custom groups of B whose `renamedFrom` names no group of A. */
  const unresolvedCustom: { name: string; former: string; keys: number }[] = [];
  /** Names of A's custom groups some group of B came from. */
  const kept = new Set<string>();
  for (const [name, group] of Object.entries(customB)) {
    const at: ManifestPath = ['config', 'custom', name];
    if (group.fields.renamedFrom !== undefined) out.errors.push({ path: [...at, 'fields', 'renamedFrom'], message: `a custom group's former name goes on the group (\`custom.${name}.renamedFrom\`), not on its fields`, key: true });
    let origin = name;
    const former = group.renamedFrom;
    if (typeof former === 'string' && former !== name) {
      if (former in customB) out.errors.push({ path: [...at, 'renamedFrom'], message: `renamedFrom \`${former}\`: the manifest still declares the custom group \`${former}\` (a renamed group leaves its old name)` });
      else if (!(former in previous.custom)) unresolvedCustom.push({ name, former, keys: group.keys.length });
      else if (claimed.has(former)) out.errors.push({ path: [...at, 'renamedFrom'], message: `renamedFrom \`${former}\`: \`${claimed.get(former)}\` is renamed from it too` });
      else {
        origin = former;
        claimed.set(former, name);
        out.change('customRenamed', `custom group ${name} renamed from ${former}`, `rename-${name}`, true);
        out.targetSteps.push({ kind: 'renameCustom', from: former, to: name });
      }
    }
    const before = claimed.get(origin) === name || origin === name ? previous.custom[origin] : undefined;
    if (before) kept.add(origin);
    if (!before) out.change('customAdded', `custom group ${name} added`, `add-${name}`, false);
    else if (before.keys.length !== group.keys.length) {
      const reason = `custom group ${name}: ${before.keys.length} primary key${before.keys.length === 1 ? '' : 's'} (${before.keys.join(', ')}) → ${group.keys.length} (${group.keys.join(', ')})`;
      out.change('customKeysChanged', reason, `rekey-${name}`, true);
      out.up({ custom: name }, undefined, reason);
    } else if (!sameJson(before.keys, group.keys)) out.change('customKeysChanged', `custom group ${name}: primary keys renamed (${before.keys.join(', ')} → ${group.keys.join(', ')})`, `rekey-${name}`, false);
    out.target({ custom: name }, `custom ${name}`, before?.fields, group.fields, [...at, 'fields']);
  }
  const addedCustom = Object.keys(customB).filter((name) => !(name in previous.custom) && customB[name]!.renamedFrom === undefined);
  const keyCount = (n: number) => `${n} key${n === 1 ? '' : 's'}`;
  const removedCustom: string[] = [];
  for (const [name, before] of Object.entries(previous.custom)) {
    if (kept.has(name)) continue;
    removedCustom.push(name);
    out.change('customRemoved', `custom group ${name} removed`, `drop-${name}`, true);
    out.targetSteps.unshift({ kind: 'dropTarget', target: { custom: name } });
    for (const added of addedCustom.filter((n) => customB[n]!.keys.length === before.keys.length)) {
      out.errors.push({ path: ['config', 'custom', added], message: `custom group \`${added}\` is new and \`${name}\` (${keyCount(before.keys.length)}) was removed: did you mean \`renamedFrom: ${name}\`? (write \`renamedFrom: null\` if it is a new group; nothing was written)`, key: true });
    }
  }
  for (const { name, former, keys } of unresolvedCustom) {
    const candidates = removedCustom.filter((n) => previous.custom[n]!.keys.length === keys);
    const problem = { path: ['config', 'custom', name, 'renamedFrom'] as ManifestPath, message: unresolvedMessage(former, candidates, `custom group \`${candidates[0]}\` (${keyCount(keys)})`, 'custom group', name in previous.custom) };
    if (candidates.length > 0) out.errors.push(problem);
    else out.warnings.push({ ...problem, message: `renamedFrom \`${former}\`: the snapshot has no custom group \`${former}\` (already migrated); this renamedFrom can be removed` });
  }

  // Dropped targets first, then renamed custom groups, then each target's own steps, every `up` last.
  const targetOrder = (s: MigrationStep) => (s.kind === 'dropTarget' ? 0 : 1);
  const steps = [...out.targetSteps.sort((a, b) => targetOrder(a) - targetOrder(b)), ...out.steps, ...out.ups.map(({ reason }): MigrationStep => ({ kind: 'up', reason }))];
  const failed = out.errors.length > 0;
  return { changes: out.changes, steps: failed ? [] : steps, ups: failed ? [] : out.ups, errors: out.errors, warnings: out.warnings, next };
}

/** A field or group of B with where it came from in A. */
interface Placed {
  path: Path;
  /** Its path in A (undefined: nothing in A it could be). */
  origin?: Path;
  /** The origin came from `renamedFrom`. */
  explicit: boolean;
  manifest: ConfigFieldManifest | ConfigGroupManifest;
  entry: Entry;
  at: ManifestPath;
}

class DiffState {
  readonly changes: ConfigChange[] = [];
  readonly errors: DiffProblem[] = [];
  readonly warnings: DiffProblem[] = [];
  /** dropTarget and renameCustom. */
  readonly targetSteps: MigrationStep[] = [];
  readonly steps: MigrationStep[] = [];
  readonly ups: UpNeed[] = [];

  constructor(private readonly cog: string) {}

  change(kind: ConfigChangeKind, description: string, slug: string, migrates: boolean): void {
    this.changes.push({ kind, description, slug, migrates });
  }

  up(target: MigrationTarget, path: string[] | undefined, reason: string): void {
    this.ups.push({ target, ...(path ? { path } : {}), reason: `cog ${this.cog}, ${reason}` });
  }

  /** Compares one scope or custom group: A's group (undefined when new) with B's. */
  target(target: MigrationTarget, label: string, before: SnapshotGroup | undefined, group: ConfigGroupManifest, at: ManifestPath): void {
    const index = new Map<string, Entry>();
    const indexGroup = (g: SnapshotGroup, path: Path) => {
      for (const [key, entry] of Object.entries(g.entries)) {
        index.set(dotted([...path, key]), entry);
        if (entry.kind === 'group') indexGroup(entry, [...path, key]);
      }
    };
    if (before) indexGroup(before, []);
    const declared = new Set<string>();
    const placed: Placed[] = [];
    const claims = new Map<string, string>();
    const where = (path: readonly string[]) => `${label} ${dotted(path)}`;
    /** Entries of B whose `renamedFrom` names nothing in A (judged once the removed entries are known). */
    const unresolved: { former: string; own: Path; parent: Path; at: ManifestPath; manifest: ConfigFieldManifest | ConfigGroupManifest }[] = [];

    // Pass 1, parents first: where each entry of B came from.
    const place = (g: ConfigGroupManifest, path: Path, parentOrigin: Path | undefined, gAt: ManifestPath) => {
      for (const [key, manifest] of configEntries(g)) {
        const own = [...path, key];
        const ownAt = [...gAt, key];
        declared.add(dotted(own));
        const former = manifest.renamedFrom;
        let origin = parentOrigin ? [...parentOrigin, key] : undefined;
        let explicit = false;
        if (typeof former === 'string') {
          const candidates = former.includes('.') ? [former.split('.')] : [[...(parentOrigin ?? path), former], [former]];
          const found = candidates.find((c) => index.has(dotted(c)) && dotted(c) !== dotted(own));
          if (!found) unresolved.push({ former, own, parent: parentOrigin ?? path, at: [...ownAt, 'renamedFrom'], manifest });
          else {
            origin = found;
            explicit = true;
          }
        }
        const entry = isConfigField(manifest) ? snapshotField(manifest) : snapshotGroup(manifest);
        placed.push({ path: own, origin, explicit, manifest, entry, at: ownAt });
        if (!isConfigField(manifest)) place(manifest, own, origin, ownAt);
      }
    };
    place(group, [], before ? [] : undefined, at);
    for (const p of placed.filter((p) => p.explicit)) {
      const key = dotted(p.origin!);
      const former = (p.manifest as { renamedFrom?: string }).renamedFrom;
      if (declared.has(key)) this.errors.push({ path: [...p.at, 'renamedFrom'], message: `renamedFrom \`${former}\`: the manifest still declares \`${key}\` (a renamed field leaves its old name; a swap takes two migrations)` });
      else if (claims.has(key)) this.errors.push({ path: [...p.at, 'renamedFrom'], message: `renamedFrom \`${former}\`: \`${claims.get(key)}\` is renamed from \`${key}\` too` });
      else claims.set(key, dotted(p.path));
    }

    // Pass 2: matches, moves and changes. A value's current path follows the moves made so far.
    const consumed = new Set<string>();
    const moves: [Path, Path][] = [];
    const current = (path: Path): Path => moves.reduce((p, [from, to]) => (dotted(p) === dotted(from) || dotted(p).startsWith(`${dotted(from)}.`) ? [...to, ...p.slice(from.length)] : p), path);
    const matchedGroups = new Set<string>();
    const added: Placed[] = [];
    const moveSteps: MigrationStep[] = [];
    const late: MigrationStep[] = [];
    for (const p of placed) {
      const parent = p.path.slice(0, -1);
      // Under a group that matched nothing in A (new, or once a field), only renamedFrom names an origin.
      if (parent.length > 0 && !matchedGroups.has(dotted(parent)) && !p.explicit) p.origin = undefined;
      const originKey = p.origin ? dotted(p.origin) : undefined;
      const old = originKey !== undefined ? index.get(originKey) : undefined;
      const takenByOther = originKey !== undefined && claims.has(originKey) && claims.get(originKey) !== dotted(p.path);
      if (!old || takenByOther || (p.explicit && claims.get(originKey!) !== dotted(p.path))) {
        added.push(p);
        this.change(p.entry.kind === 'field' ? 'fieldAdded' : 'groupAdded', `${where(p.path)} added`, `add-${p.path.at(-1)}`, false);
        continue;
      }
      consumed.add(originKey!);
      const from = current(p.origin!);
      if (dotted(from) !== dotted(p.path)) {
        // Renamed: it stays in its (possibly renamed) group; moved: it changes group.
        const renamed = dotted(from.slice(0, -1)) === dotted(parent);
        this.change(renamed ? 'renamed' : 'moved', `${where(p.path)} ${renamed ? 'renamed' : 'moved'} from ${dotted(p.origin!)}`, `${renamed ? 'rename' : 'move'}-${p.path.at(-1)}`, true);
        moveSteps.push({ kind: 'move', target, from, to: p.path });
        moves.push([from, p.path]);
      }
      if (old.kind !== p.entry.kind) {
        const reason = `${where(p.path)}: ${old.kind === 'field' ? describeType(old) : 'a group'} → ${p.entry.kind === 'field' ? describeType(p.entry) : 'a group'}`;
        this.change('typeChanged', reason, `retype-${p.path.at(-1)}`, true);
        this.up(target, p.path, reason);
        // The old group's values are the up's to convert: none of them is dropped.
        for (const k of index.keys()) if (k.startsWith(`${originKey}.`)) consumed.add(k);
        continue;
      }
      if (old.kind === 'group') {
        matchedGroups.add(dotted(p.path));
        continue;
      }
      const now = p.entry as SnapshotField;
      const field = p.manifest as ConfigFieldManifest;
      const typeChanged = !sameJson(typeShape(old), typeShape(now));
      if (typeChanged) {
        const reason = `${where(p.path)}: ${describeType(old)} → ${describeType(now)}`;
        this.change('typeChanged', reason, `retype-${p.path.at(-1)}`, true);
        this.up(target, p.path, reason);
      } else if (old.nullable !== now.nullable) {
        const required = old.nullable && !now.nullable;
        this.change('nullabilityChanged', `${where(p.path)} ${required ? 'no longer nullable: stored nulls become its default' : 'became nullable'}`, `${required ? 'require' : 'allow-null'}-${p.path.at(-1)}`, required);
        if (required) late.push({ kind: 'replaceNull', target, path: p.path, to: now.default });
      }
      if (!sameJson(old.default, now.default)) {
        const rewrite = field.rewriteOldDefault === true && !typeChanged;
        this.change('defaultChanged', `${where(p.path)} default ${canonicalJson(old.default)} → ${canonicalJson(now.default)}${rewrite ? ', stored old defaults rewritten' : ''}`, `default-${p.path.at(-1)}`, rewrite);
        if (rewrite) late.push({ kind: 'rewriteDefault', target, path: p.path, from: old.default, to: now.default });
      }
    }

    // Removed: the topmost entries of A nothing in B came from.
    const early: MigrationStep[] = [];
    const removedFields: [Path, SnapshotField][] = [];
    const hasConsumedBelow = (key: string) => [...consumed].some((k) => k.startsWith(`${key}.`));
    for (const [key, entry] of index) {
      if (consumed.has(key)) continue;
      const path = key.split('.');
      if (entry.kind === 'field') removedFields.push([path, entry]);
      const parent = dotted(path.slice(0, -1));
      if (path.length > 1 && !consumed.has(parent)) continue;
      this.change(entry.kind === 'field' ? 'fieldRemoved' : 'groupRemoved', `${where(path)} removed`, `drop-${path.at(-1)}`, true);
      if (hasConsumedBelow(key)) late.unshift({ kind: 'drop', target, path: current(path) });
      else early.push({ kind: 'drop', target, path });
    }
    this.steps.push(...early, ...moveSteps, ...late);

    // A renamedFrom naming nothing: a typo when something of the same type was removed, else done already.
    for (const u of unresolved) {
      const entry = isConfigField(u.manifest) ? snapshotField(u.manifest) : undefined;
      const shape = entry ? canonicalJson(typeShape(entry)) : undefined;
      const removed = [...index].filter(([key, old]) => !consumed.has(key) && (entry ? old.kind === 'field' && canonicalJson(typeShape(old)) === shape : old.kind === 'group'));
      // The name renamedFrom would take for each: a sibling's name, a name at the root, else a dotted path.
      const names = removed.map(([key]) => {
        const path = key.split('.');
        if (u.former.includes('.')) return key;
        return dotted(path.slice(0, -1)) === dotted(u.parent) || path.length === 1 ? path.at(-1)! : key;
      });
      if (removed.length === 0) {
        this.warnings.push({ path: u.at, message: `renamedFrom \`${u.former}\`: the snapshot has nothing there (already migrated); this renamedFrom can be removed` });
        continue;
      }
      const [key, old] = removed[0]!;
      const what = `\`${key}\` (${old.kind === 'field' ? describeType(old) : 'a group'}) in ${label}`;
      this.errors.push({ path: u.at, message: unresolvedMessage(u.former, names, what, entry ? 'field' : 'group', index.has(dotted(u.own))) });
    }

    // Never guess a rename: an added field with no renamedFrom beside a removed one of the same type.
    for (const p of added) {
      if (p.entry.kind !== 'field' || (p.manifest as ConfigFieldManifest).renamedFrom !== undefined) continue;
      const shape = canonicalJson(typeShape(p.entry));
      for (const [path, entry] of removedFields) {
        if (canonicalJson(typeShape(entry)) !== shape) continue;
        const siblings = dotted(path.slice(0, -1)) === dotted(p.path.slice(0, -1));
        const name = siblings ? path.at(-1)! : dotted(path);
        this.errors.push({
          path: p.at,
          key: true,
          message: `\`${dotted(p.path)}\` is new and \`${dotted(path)}\` (${describeType(entry)}) was removed from ${label}: did you mean \`renamedFrom: ${name}\`? (write \`renamedFrom: null\` if it is a new field; nothing was written)`,
        });
      }
    }
  }
}

/**
 * The error for a `renamedFrom` that names nothing in the snapshot while `names` (what renamedFrom would
 * say for each removed entry of the same type, at least one) were removed: a did-you-mean when one is
 * close, else the first removed entry (`what`) is named.
 */
function unresolvedMessage(former: string, names: readonly string[], what: string, kind: 'field' | 'group' | 'custom group', existed: boolean): string {
  const close = didYouMean(former, names);
  // An entry the snapshot has where it is now kept a renamedFrom whose migration ran; a new one may mean none.
  const isNew = existed ? `remove this renamedFrom if \`${former}\` was migrated already` : kind === 'group' ? 'remove it if the group is new' : `write \`renamedFrom: null\` if the ${kind} is new`;
  const hint = close ? `did you mean \`renamedFrom: ${close}\`?` : `${what} was removed: did you mean \`renamedFrom: ${names[0]}\`? (${isNew})`;
  return `\`renamedFrom: ${former}\` names nothing in the snapshot; ${hint} Nothing was written.`;
}

/** A field's type without its default and top-level nullability: what must match for a rename hint or to keep stored data. */
function typeShape(type: SnapshotType): object {
  return { type: type.type, items: type.items ?? null, fields: type.fields ?? null };
}

/** A type for people: `integer`, `string | null`, `array of integer`, `object { a: string, b: integer }`. */
export function describeType(type: SnapshotType): string {
  let base: string = type.type;
  if (type.type === 'array' && type.items) base = `array of ${describeType(type.items)}`;
  if (type.type === 'object' && type.fields) base = `object { ${Object.entries(type.fields).map(([k, t]) => `${k}: ${describeType(t)}`).join(', ')} }`;
  return type.nullable ? `${base} | null` : base;
}
