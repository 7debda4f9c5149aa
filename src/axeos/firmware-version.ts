/**
 * ESP-Miner version strings as devices report them: releases (`v2.10.1`, `2.12.2` from forks that drop the "v") and
 * dev builds from `git describe` (`v2.0.7-48-ge561f60`, `v2.4.5-3-gb5d1e36-dirty`). Only major.minor.patch matter
 * for the API differences we care about; a dev build behaves like the release it was described from.
 */
export interface FirmwareVersion {
  major: number;
  minor: number;
  patch: number;
}

const VERSION_TEXT = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?/i;

export function parseFirmwareVersion(text: string | null | undefined): FirmwareVersion | null {
  if (!text) return null;
  const match = VERSION_TEXT.exec(text);
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/** True when `version` is at least major.minor; null when the version is unknown. */
export function isAtLeast(version: FirmwareVersion | null, major: number, minor: number): boolean | null {
  if (!version) return null;
  return version.major !== major ? version.major > major : version.minor >= minor;
}
