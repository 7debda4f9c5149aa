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

/**
 * `http://user:password@host` in a miner's address: sent to the miner as HTTP basic auth (a miner behind an
 * authenticating reverse proxy); null when the address has none.
 */
export function minerCredentials(host: string): { username: string; password: string } | null {
  const url = new URL(/^[a-z]+:\/\//i.test(host) ? host : `http://${host}`);
  if (url.username === '' && url.password === '') return null;
  return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

/** One device however its address is written: `127.0.0.1:80`, `http://127.0.0.1/` and `HTTP://127.0.0.1` are the same. */
export function minerDeviceKey(host: string): string {
  const url = new URL(minerBaseUrl(host));
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.toLowerCase()}:${port}${url.pathname.replace(/\/+$/, '')}`;
}
