/** Levenshtein distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(left: string, right: string): number {
  if (left === right) return 0;
  if (left.length === 0) return right.length;
  if (right.length === 0) return left.length;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * The `limit` candidates closest to `query` by edit distance (case-insensitive). Each candidate
 * is `[name, id]`: several names (an id and its aliases) may point at one id; an id is listed once,
 * at its best-matching name. Ties keep the candidates' order.
 */
export function closestIds(
  query: string,
  candidates: ReadonlyArray<readonly [name: string, id: string]>,
  limit = 3,
): string[] {
  const needle = query.trim().toLowerCase();
  const best = new Map<string, { distance: number; order: number }>();
  candidates.forEach(([name, id], order) => {
    const distance = editDistance(needle, name.toLowerCase());
    const known = best.get(id);
    if (!known || distance < known.distance) best.set(id, { distance, order: known?.order ?? order });
  });
  return [...best.entries()]
    .sort(([, a], [, b]) => a.distance - b.distance || a.order - b.order)
    .slice(0, limit)
    .map(([id]) => id);
}
