import { MinerClient } from '../axeos/client.js';
import { OneShotHttpTransport } from '../axeos/one-shot-transport.js';
import { POLL_JSON_KEYS, type Telemetry } from '../axeos/telemetry.js';
import { MinerApiError, MinerUnreachableError } from '../core/errors.js';
import { redactSecrets } from '../core/redact.js';
import { minerBaseUrl } from '../config/host.js';
import { minerCredentials } from '../config/host.js';
import { CliUsageError, EXIT_USAGE, parseCliArgs } from './args.js';
import { formatTelemetryLines } from './telemetry-text.js';

/**
 * Exit codes promised in the README: 2 = unreachable, 3 = answered, but not as AxeOS, 4 = an AxeOS miner whose web
 * server failed (HTTP 5xx: the firmware is in trouble, not a stranger device), 64 = a wrong command line.
 */
const EXIT_UNREACHABLE = 2;
const EXIT_NOT_AXEOS = 3;
const EXIT_SERVER_ERROR = 4;

/** `axepilot poll <host-or-url> [--json]`: one poll of one miner, normalized. */
export async function runPoll(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCliArgs('poll', args, { json: { type: 'boolean', default: false } });
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`${error.message}; usage: axepilot poll <host-or-url> [--json]\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const host = positionals[0];
  if (!host || positionals.length > 1) {
    process.stderr.write(`axepilot poll: ${host ? 'one miner at a time' : 'which miner?'}; usage: axepilot poll <host-or-url> [--json]\n`);
    return EXIT_USAGE;
  }
  let baseUrl: string;
  try {
    baseUrl = minerBaseUrl(host);
  } catch {
    process.stderr.write(`axepilot poll: "${host}" is not an IP address, hostname or http:// URL\n`);
    return EXIT_USAGE;
  }
  const transport = new OneShotHttpTransport({ baseUrl, credentials: minerCredentials(host) });
  // The name is in every error message: never the password of `http://user:password@host`.
  const client = new MinerClient({ name: redactSecrets(host), transport });
  try {
    // /asic first where it exists: firmware 2.9+ reports asicCount only there, and expected hashrate needs it.
    await client.getAsic().catch(() => null);
    const { telemetry } = await client.getInfo();
    if (values.json) process.stdout.write(`${JSON.stringify(pollJson(telemetry))}\n`);
    else process.stdout.write(`${formatTelemetryLines(telemetry).join('\n')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof MinerUnreachableError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_UNREACHABLE;
    }
    if (error instanceof MinerApiError && error.status !== null && error.status >= 500) {
      process.stderr.write(`${error.message} (the miner's web server failed; restart it if this persists)\n`);
      return EXIT_SERVER_ERROR;
    }
    if (error instanceof MinerApiError) {
      process.stderr.write(`${error.message} (is this an AxeOS miner?)\n`);
      return EXIT_NOT_AXEOS;
    }
    throw error;
  } finally {
    await transport.close();
  }
}

function pollJson(telemetry: Telemetry): Record<string, unknown> {
  return Object.fromEntries(POLL_JSON_KEYS.map((key) => [key, telemetry[key] ?? null]));
}
