/**
 * A "miner" answering absurd values over real HTTP (the reliability review's hostile ports 24204 and 24213): the
 * numbers become "no reading", the identity is refused, text is cut and cleaned, and each dropped field is logged
 * once per miner, not once per poll.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MinerClient } from '../../../src/axeos/client.js';
import { HttpTransport } from '../../../src/axeos/http-transport.js';
import { RealClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { FleetCollector } from '../../../src/fleet/collector.js';
import { openStore } from '../../../src/store/store.js';

const FIXTURE = readFileSync(new URL('../../../../shared/fixtures/axeos/gamma-BM1370-v2.12.2-2.json', import.meta.url), 'utf8');

/** The fixture with keys appended: JSON.parse keeps the last of a repeated key, and raw text allows `1e999`. */
function withKeys(extra: string): string {
  return FIXTURE.replace(/}\s*$/, `, ${extra} }`);
}

/** Port 24204 of the review: huge numbers and NaN strings. */
const HUGE_NUMBERS = withKeys([
  '"power": 1e999', '"temp": "NaN"', '"vrTemp": "Infinity"', '"hashRate": 1e308', '"expectedHashrate": -1e308',
  '"frequency": "Infinity"', '"coreVoltage": 1e20', '"uptimeSeconds": 1e21', '"sharesAccepted": 9007199254740993',
  '"sharesRejected": -5', '"bestDiff": "99999999999999999999999999999T"', '"fanrpm": -1e9', '"errorPercentage": 1e400',
].join(', '));

/** Port 24213 of the review: prototype keys, HTML and terminal escapes in text, a 900,000-character MAC. */
const LONG_MAC_AND_HTML = withKeys([
  '"__proto__": {"polluted": "yes"}', '"constructor": {"prototype": {"polluted": "yes"}}',
  '"hostname": "\\u001b[2J\\u001b[31m<b>pwn</b>\\u0007"', '"version": "v2.12.0<script>"', '"ASICModel": "\\"><img src=x>"',
  `"macAddr": "${'A'.repeat(900_000)}"`, `"fallbackStratumURL": "${'p'.repeat(5000)}"`,
].join(', '));

describe('implausible values from a miner', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function hostile(body: string): Promise<string> {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return `http://127.0.0.1:${address.port}`;
  }

  function collectorFor(url: string) {
    const dir = mkdtempSync(join(tmpdir(), 'axepilot-hostile-'));
    const store = openStore({ path: join(dir, 'test.db'), pollIntervalMs: 5000 });
    const transport = new HttpTransport({ baseUrl: url });
    cleanups.push(async () => {
      await transport.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
    const collector = new FleetCollector({
      miners: [{ name: 'hostile', host: url, client: new MinerClient({ name: 'hostile', transport }) }],
      store, clock: new RealClock(), log, pollIntervalMs: 5000,
    });
    const loop = collector.miners[0];
    if (!loop) throw new Error('no loop');
    const warnings = (): Array<{ field: string; value: string }> =>
      lines.map((l) => JSON.parse(l) as { msg: string; field: string; value: string }).filter((l) => l.msg.includes('implausible'));
    return { store, collector, loop, warnings };
  }

  it('stores huge, negative and endless numbers as no reading and says so once per field', async () => {
    const { store, collector, loop, warnings } = collectorFor(await hostile(HUGE_NUMBERS));
    for (let i = 0; i < 3; i++) await loop.pollOnce();
    collector.flush();

    const t = loop.latestTelemetry;
    expect(t).toMatchObject({
      hashrateGhs: null, expectedHashrateGhs: null, efficiencyJth: null, powerW: null, chipTempC: null, vrTempC: null,
      frequencyMhz: null, coreVoltageMv: null, uptimeS: null, sharesAccepted: null, sharesRejected: null,
      bestDiff: null, fanRpm: null, errorPct: null,
    });
    // What was plausible in the same answer is kept.
    expect(t).toMatchObject({ mac: '10:F5:12:33:BB:F0', inputVoltageV: 5.094, fanPct: 48.42, bestSessionDiff: 2038368 });
    const rows = store.samples.range(loop.miner.minerId ?? -1, 0, Date.now() + 1000);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ hashrateGhs: null, sharesRejected: null, bestDiff: null, coreVoltageMv: null });

    const logged = warnings();
    expect(logged.map((w) => w.field).sort()).toEqual([
      // Out of range, under the reading's name …
      'bestDiff', 'coreVoltageMv', 'expectedHashrateGhs', 'fanRpm', 'hashrateGhs', 'sharesAccepted', 'sharesRejected', 'uptimeS',
      // … and no number at all, under the miner's own key.
      'errorPercentage', 'frequency', 'power', 'temp', 'vrTemp',
    ].sort());
    expect(logged.find((w) => w.field === 'power')?.value).toBe('Infinity');
    expect(logged.find((w) => w.field === 'hashrateGhs')?.value).toBe('1e+308');
  });

  it('refuses a MAC that is not one, cuts and cleans text, and pollutes nothing', async () => {
    const { store, collector, loop, warnings } = collectorFor(await hostile(LONG_MAC_AND_HTML));
    await loop.pollOnce();
    await loop.pollOnce();
    collector.flush();

    const t = loop.latestTelemetry;
    expect(t?.mac).toBeNull();
    expect(t?.hostname).toBe('[2J[31m<b>pwn</b>');
    expect(t?.firmware).toBe('v2.12.0<script>');
    expect(t?.poolUrl).toHaveLength(256);
    const record = store.miners.byName('hostile');
    expect(record?.mac).toBeNull();
    expect(record?.hostname).toBe('[2J[31m<b>pwn</b>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const logged = warnings();
    expect(logged.map((w) => w.field).sort()).toEqual(['mac', 'poolUrl']);
    // The log line shows a short, printable piece of what was sent, not 900,000 characters.
    expect(logged.find((w) => w.field === 'mac')?.value).toBe(`${'A'.repeat(40)}… (900000 characters)`);
  });
});
