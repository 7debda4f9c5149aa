export interface LabelBox {
  /** Pixel of the line the label belongs to. */
  linePx: number;
  /** The label's height in pixels, padding included. */
  height: number;
}

/**
 * Where each threshold label goes (its top, in pixels), so that no two overlap: above its line when there is room,
 * else below it, else pushed clear of the labels already placed. Lines 5 °C apart on a 20–80 °C axis are ~25 px
 * apart, less than two labels' height: "warning 70 °C" then goes under its line and "critical 75 °C" over its own.
 */
export function placeLabels(boxes: readonly LabelBox[], area: { top: number; bottom: number }, gap = 3): number[] {
  const placed: Array<{ top: number; bottom: number }> = [];
  const overlaps = (top: number, height: number): boolean =>
    placed.some((p) => top < p.bottom + 1 && top + height > p.top - 1);
  const fits = (top: number, height: number): boolean => top >= area.top && top + height <= area.bottom;
  // Highest line first (smallest pixel), so an upper label takes the space above and a lower one the space below.
  const order = boxes.map((box, index) => ({ box, index })).sort((a, b) => a.box.linePx - b.box.linePx);
  const tops: number[] = new Array<number>(boxes.length).fill(0);
  for (const { box, index } of order) {
    const above = box.linePx - box.height - gap;
    const below = box.linePx + gap;
    let top = [above, below].find((candidate) => fits(candidate, box.height) && !overlaps(candidate, box.height));
    if (top === undefined) {
      // Both sides are taken: go just below the lowest label in the way.
      const lowest = Math.max(...placed.map((p) => p.bottom));
      top = Math.min(lowest + 2, area.bottom - box.height);
    }
    placed.push({ top, bottom: top + box.height });
    tops[index] = top;
  }
  return tops;
}
