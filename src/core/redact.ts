/**
 * Secrets out of text that may reach a log or a chat: bot tokens in URLs, a URL's user:password, a query's values.
 * In a file of its own, without pino, so `axepilot poll` can redact an address without starting a logger.
 */
// Bot tokens sit in Telegram URLs and Discord webhook/interaction paths; libraries put those URLs in error messages.
const TOKEN_PATTERNS: RegExp[] = [
  /\/bot\d+:[A-Za-z0-9_-]+/g,
  /\/(webhooks|interactions)\/(\d+)\/[A-Za-z0-9_.-]+/g,
];

/** `scheme://user:password@` in any URL: a miner behind a proxy, a Bot API root behind basic auth. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/gi;
/** A URL's query (`?token=…&key=…`): keys stay, values go. */
const URL_QUERY = /([a-z][a-z0-9+.-]*:\/\/[^\s?#]*\?)([^\s#]*)/gi;

export function redactSecrets(text: string): string {
  const tokensGone = TOKEN_PATTERNS.reduce(
    (out, pattern) => out.replace(pattern, (match) => match.replace(/(bot\d+:|\/\d+\/)[^/]+$/, '$1[REDACTED]')),
    text,
  );
  return tokensGone.replace(URL_USERINFO, '$1[REDACTED]@').replace(URL_QUERY, (_match, before: string, query: string) =>
    before + query.split('&').map((pair) => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('=') + 1)}[REDACTED]` : pair)).join('&'));
}
