import type { OutboxRow } from './outbox.js';

/**
 * Rows of the chat's queue that go out as one message: the oldest, and later rows about the same alerts (a firing
 * message still waiting when its resolution arrived), as long as taking a row early never puts it before an earlier
 * row about one of its alerts.
 */
export function mergeableBatch(rows: readonly OutboxRow[], maxRows: number): OutboxRow[] {
  const [head, ...rest] = rows;
  if (!head) return [];
  const batch = [head];
  if (head.alertIds.length === 0) return batch;
  const covered = new Set(head.alertIds);
  const skipped = new Set<string>();
  for (const row of rest) {
    if (batch.length >= maxRows) break;
    const related = row.alertIds.some((id) => covered.has(id));
    const overtakes = row.alertIds.some((id) => skipped.has(id));
    if (related && !overtakes) {
      batch.push(row);
      for (const id of row.alertIds) covered.add(id);
    } else {
      for (const id of row.alertIds) skipped.add(id);
    }
  }
  return batch;
}
