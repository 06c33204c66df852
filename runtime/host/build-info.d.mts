/** Types of build-info.mjs (the compiled build in dist/ and whether it is current). */
export const SOURCE_DIRS: readonly string[];
export const SOURCE_FILES: readonly string[];
export const BUILD_DIR: string;
export const STAMP_FILE: string;
export type Fingerprint = Record<string, string>;
export function sourceFiles(root: string): string[];
export function fingerprint(root: string): Fingerprint;
export function readStamp(root: string): { builtAt: string; node?: string; files: Fingerprint } | null;
export function compareFingerprints(then: Fingerprint, now: Fingerprint): { changed: string[]; added: string[]; removed: string[] };
export type BuildCheck = { current: true; compiled: string; builtAt: string } | { current: false; reason: string };
export function checkBuild(root: string, entry: string): BuildCheck;
