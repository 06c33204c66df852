/**
 * Problems found while generating: errors stop the run before anything is written; warnings are printed.
 * Checks report at a path inside a manifest; the manifest's locator turns that into line:col.
 */
import type { SourcePosition, SourceProblem } from '../runtime/support/yaml-source.js';

/** A path into a manifest value, e.g. ['commands', 0, 'options', 2, 'name']. */
export type ManifestPath = readonly (string | number)[];

/** Reports one problem at a path of the manifest being checked (at its key with `key`). */
export type Report = (path: ManifestPath, message: string, key?: boolean) => void;

/** Maps a path inside a manifest to a position in its file. */
export type Locator = (path: ManifestPath, options?: { key?: boolean }) => SourcePosition;

/** Collects errors and warnings in one run. */
export class ProblemList {
  readonly errors: SourceProblem[] = [];
  readonly warnings: SourceProblem[] = [];

  /** Records an error at a path of a manifest. */
  error(file: string, locate: Locator, path: ManifestPath, message: string, options: { key?: boolean } = {}): void {
    this.errors.push({ file, ...locate(path, options), message });
  }

  /** Records a warning at a path of a manifest. */
  warn(file: string, locate: Locator, path: ManifestPath, message: string, options: { key?: boolean } = {}): void {
    this.warnings.push({ file, ...locate(path, options), message });
  }
}
