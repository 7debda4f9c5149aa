/**
 * `axepilot health` when the HTTP endpoint is on: asks the running service's `/healthz` (the service's own verdict:
 * database, poller, miners) rather than the age of its heartbeat file. Docker's HEALTHCHECK runs this.
 */
import type { Config } from '../config/schema.js';
import { errorMessage } from '../core/errors.js';
import { parseListen } from '../integrations/http/server.js';

/** The exit code from `/healthz`, or null when the endpoint is off (the caller falls back to the heartbeat). */
export async function probeHealthz(config: Config, timeoutMs = 5_000): Promise<number | null> {
  if (!config.http.enabled) return null;
  const { host, port } = parseListen(config.http.listen);
  // A service listening on every interface is reached here on loopback.
  const target = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${target}:${port}/healthz`;
  try {
    const response = await fetch(url, {
      headers: config.http.token ? { Authorization: `Bearer ${config.http.token}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    if (response.status === 200) {
      process.stdout.write(`healthy: ${url} answered 200\n`);
      return 0;
    }
    process.stderr.write(`unhealthy: ${url} answered ${response.status}: ${body.trim().slice(0, 500)}\n`);
    return 1;
  } catch (error) {
    process.stderr.write(`unhealthy: no answer from ${url} (${errorMessage(error)}); is the service running?\n`);
    return 1;
  }
}
