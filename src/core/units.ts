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

/** `45 s`, `12 min`, `1 h 5 min`, `2 d 3 h`: the two largest units, as an alert or an event line says how long. */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const restMinutes = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  return restMinutes > 0 ? `${hours} h ${restMinutes} min` : `${hours} h`;
}

/** A wait people can act on, in the same words as `formatSpan`, rounded up: "in 3 min" must not be a minute early. */
export function waitWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return formatSpan(seconds < 60 ? seconds * 1000 : Math.ceil(seconds / 60) * 60_000);
}
