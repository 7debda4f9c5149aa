/**
 * The Pareto front of benchmark results: the passing points that no other passing point beats on both efficiency
 * (lower J/TH) and hashrate (higher GH/s). Every other setting is worse than some point on the front on both counts,
 * so the front is the menu the owner chooses from. Returned by ascending J/TH (and so ascending hashrate).
 */
export function paretoFront<T extends { x: number; y: number; passed?: boolean }>(points: readonly T[]): T[] {
  const candidates = points
    .filter((p) => p.passed !== false && Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x || b.y - a.y);
  const front: T[] = [];
  let bestHashrate = -Infinity;
  for (const point of candidates) {
    // Sorted by J/TH, a point is on the front only if it hashes more than everything at least as efficient.
    if (point.y > bestHashrate) {
      front.push(point);
      bestHashrate = point.y;
    }
  }
  return front;
}
