/** One measured number in `npm run bench`'s table. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function printFigures(title: string, figures: Figure[]): void {
  const rows = figures.map((f) => [f.name, formatValue(f.value), f.unit, f.note ?? '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length), 4));
  process.stdout.write(`\n## ${title}\n\n`);
  process.stdout.write(`| ${['measure', 'value', 'unit', 'note'].map((h, i) => h.padEnd(widths[i] ?? 0)).join(' | ')} |\n`);
  process.stdout.write(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of rows) process.stdout.write(`| ${row.map((c, i) => (i === 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |\n`);
}

function formatValue(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
