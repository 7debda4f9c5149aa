/**
 * Number formatting shared by every layer that writes for people (chat replies, alert texts, CLI output): one place
 * decides how a difficulty or a grouped number reads.
 */

export function grouped(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Share difficulty as miners say it: 4.29G, 138M, 483k. */
export function formatDifficultyValue(value: number): string {
  const units = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let scaled = value;
  let unit = 0;
  while (Math.abs(scaled) >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return `${scaled >= 100 || unit === 0 ? grouped(scaled, 0) : grouped(scaled, 2)}${units[unit]}`;
}
