/**
 * Turns what an owner types (an IP, a hostname, `host:port`, or a URL) into a base URL without a trailing slash.
 * In a file of its own, without zod, so `axepilot poll` does not load the whole config schema to read one host.
 */
export function minerBaseUrl(host: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(host) ? host : `http://${host}`;
  const url = new URL(withScheme);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported scheme ${url.protocol}`);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The miner's AxeOS web page, where a tap on a notification leads; null for a host that is no web address (an
 * in-process simulator). Built by `minerBaseUrl`, so it never carries the address's user:password.
 */
export function axeosPage(host: string): string | null {
  try {
    return `${minerBaseUrl(host)}/`;
  } catch {
    return null;
  }
}
