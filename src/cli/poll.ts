import { parseArgs } from 'node:util';
import { MinerClient } from '../axeos/client.js';
import { HttpTransport } from '../axeos/http-transport.js';
import { POLL_JSON_KEYS, type Telemetry } from '../axeos/telemetry.js';
import { MinerApiError, MinerUnreachableError } from '../core/errors.js';
import { minerBaseUrl } from '../config/host.js';
import { formatTelemetryLines } from './telemetry-text.js';

/** Exit codes promised in the README: 2 = unreachable, 3 = answered, but not as AxeOS. */
const EXIT_UNREACHABLE = 2;
const EXIT_NOT_AXEOS = 3;

/** `axepilot poll <host-or-url> [--json]`: one poll of one miner, normalized. */
export async function runPoll(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const host = positionals[0];
  if (!host) {
    process.stderr.write('usage: axepilot poll <host-or-url> [--json]\n');
    return 2;
  }
  let baseUrl: string;
  try {
    baseUrl = minerBaseUrl(host);
  } catch {
    process.stderr.write(`"${host}" is not an IP address, hostname or http:// URL\n`);
    return 2;
  }
  const transport = new HttpTransport({ baseUrl });
  const client = new MinerClient({ name: host, transport });
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
