/**
 * "Did you mean": the edit distance and the rule for a likely typo, written once for every caller (unknown
 * text commands, unknown manifest and bot.config.yaml keys, enum values, config names). A candidate is
 * close enough when at most a third of the letters of the longer word are wrong (at least one); case is
 * ignored.
 */

/** Levenshtein distance between two strings (case as given). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Candidates close enough to `word`, best first (ties keep the candidates' order). */
export function closeMatches<T>(word: string, candidates: readonly { name: string; value: T }[]): T[] {
  const typed = word.toLowerCase();
  return candidates
    .map((c, i) => ({ c, i, d: editDistance(typed, c.name.toLowerCase()), limit: Math.max(1, Math.floor(Math.max(typed.length, c.name.length) / 3)) }))
    .filter((x) => x.d <= x.limit)
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .map((x) => x.c.value);
}

/** The closest candidate, if it is close enough to be a likely typo. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  return closeMatches(name, [...candidates].map((candidate) => ({ name: candidate, value: candidate })))[0];
}
