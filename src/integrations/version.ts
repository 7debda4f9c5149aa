import { readFileSync } from 'node:fs';

/** axepilot's own version, from package.json (build info, MQTT origin, the HA bridge device). */
export const AXEPILOT_VERSION: string = (() => {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const parsed = JSON.parse(text) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : 'unknown';
  } catch {
    // Only a broken install lacks package.json; the version label then says so instead of failing the scrape.
    return 'unknown';
  }
})();
