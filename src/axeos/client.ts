/**
 * One miner's AxeOS API, spoken through a MinerTransport (HTTP in production, the simulator in-process). Failures come
 * out by class: MinerUnreachableError when no answer came, MinerApiError when the answer was not what AxeOS says.
 */
import { RealClock, type Clock } from '../core/clock.js';
import { MinerApiError, MinerUnreachableError, type MinerErrorContext } from '../core/errors.js';
import { ConnectFailure } from './connect-failure.js';
import { isPlainObject, stripControl, type RawObject } from './field-readers.js';
import { parseFirmwareVersion } from './firmware-version.js';
import { isAxeOsInfo, isNerdQAxeInfo, normalizeAsic, normalizeInfo } from './normalize.js';
import type { ImplausibleReading } from './plausibility.js';
import { SerialQueue } from './request-queue.js';
import { settingsBody, type FirmwareHints } from './settings-body.js';
import type { AsicInfo, MinerSettings, Telemetry } from './telemetry.js';
import { TransportFailure, type MinerTransport, type TransportRequest, type TransportResponse } from './transport.js';

export interface MinerClientOptions {
  /** How the owner knows the miner; every error names it. */
  name: string;
  transport: MinerTransport;
  clock?: Clock;
}

export interface InfoAnswer {
  telemetry: Telemetry;
  /** The info object as the device sent it, for diagnostics and `--raw` output. */
  raw: RawObject;
  /** Readings dropped as implausible (now null in `telemetry`), for the caller to log once per field. */
  implausible: ImplausibleReading[];
}

const INFO = '/api/system/info';
const ASIC = '/api/system/asic';
const SETTINGS = '/api/system';
const SNIPPET_CHARS = 60;

export class MinerClient {
  readonly name: string;
  private readonly transport: MinerTransport;
  private readonly clock: Clock;
  private readonly queue = new SerialQueue();
  private lastAsic: AsicInfo | null = null;
  private firmware: FirmwareHints = { version: null, nerdqaxe: false };

  constructor(options: MinerClientOptions) {
    this.name = options.name;
    this.transport = options.transport;
    this.clock = options.clock ?? new RealClock();
  }

  async getInfo(signal?: AbortSignal): Promise<InfoAnswer> {
    const response = await this.exchange({ method: 'GET', path: INFO, signal });
    const json = this.expectJson(INFO, response);
    if (!isAxeOsInfo(json)) throw new MinerApiError(this.context(INFO), 'answered JSON that is not AxeOS', response.status);
    const implausible: ImplausibleReading[] = [];
    const telemetry = normalizeInfo(json, { ts: this.clock.now(), asic: this.lastAsic, onImplausible: (r) => implausible.push(r) });
    this.firmware = { version: telemetry.firmware, nerdqaxe: isNerdQAxeInfo(json) };
    return { telemetry, raw: json, implausible };
  }

  /** The device's allowed settings, or null on firmware before 2.7, which has no such endpoint. */
  async getAsic(signal?: AbortSignal): Promise<AsicInfo | null> {
    const response = await this.exchange({ method: 'GET', path: ASIC, signal });
    // Before 2.9 an unknown path redirects (302) to the web UI; from 2.9 it is a 404.
    const missing = response.status === 404 || (response.status >= 300 && response.status < 400) || (isOk(response) && isHtml(response));
    if (missing) {
      this.lastAsic = null;
      return null;
    }
    const json = this.expectJson(ASIC, response);
    if (!isPlainObject(json)) throw new MinerApiError(this.context(ASIC), 'answered JSON that is not AxeOS', response.status);
    this.lastAsic = normalizeAsic(json);
    return this.lastAsic;
  }

  /**
   * Writes settings with the keys the firmware seen in the last getInfo understands (unknown firmware: both old and
   * new keys). v2.11+ refuses a body with a wrong type or range as a whole: 400 `Wrong API input`.
   */
  async patchSettings(settings: MinerSettings, signal?: AbortSignal): Promise<void> {
    const body = settingsBody(settings, this.firmware);
    if (Object.keys(body).length === 0) return;
    const response = await this.exchange({ method: 'PATCH', path: SETTINGS, body: JSON.stringify(body), signal });
    this.expectOk(SETTINGS, response);
  }

  async restart(signal?: AbortSignal): Promise<void> {
    const path = '/api/system/restart';
    try {
      this.expectOk(path, await this.exchange({ method: 'POST', path, signal }));
    } catch (error) {
      // v2.0.x calls esp_restart() before sending its answer, so the connection dies with the request delivered.
      // Only a failure after connecting counts: a refused or unresolvable connection never reached the device.
      const lostAnswer = error instanceof MinerUnreachableError && error.cause instanceof TransportFailure
        && !(error.cause instanceof ConnectFailure);
      if (lostAnswer && this.runsV20()) return;
      throw error;
    }
  }

  /**
   * Whether anything answers HTTP at the miner's address now: a GET of the small, static `/api/system/asic` with a
   * short deadline, in the same one-at-a-time line as polls. Any status counts (firmware before 2.7 redirects it to
   * the web UI), so a miner that is back is noticed without the cost of building the info JSON while it is away. Not
   * HEAD: an embedded server may send a body with it anyway, which would garble the next answer on the connection.
   */
  async probe(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.exchange({ method: 'GET', path: ASIC, signal, timeoutMs });
      return true;
    } catch (error) {
      if (error instanceof MinerUnreachableError) return false;
      throw error;
    }
  }

  /** v2.14+; older firmware answers 404 (or a redirect), which is a MinerApiError. */
  async pause(signal?: AbortSignal): Promise<void> {
    await this.post('/api/system/pause', signal);
  }

  async resume(signal?: AbortSignal): Promise<void> {
    await this.post('/api/system/resume', signal);
  }

  /** "Hi!" on the miner's screen (v2.12+); a 404 means the firmware lacks it. */
  async identify(signal?: AbortSignal): Promise<void> {
    await this.post('/api/system/identify', signal);
  }

  private async post(path: string, signal?: AbortSignal): Promise<void> {
    this.expectOk(path, await this.exchange({ method: 'POST', path, signal }));
  }

  private runsV20(): boolean {
    const version = parseFirmwareVersion(this.firmware.version);
    return !this.firmware.nerdqaxe && version?.major === 2 && version.minor === 0;
  }

  /** One request in flight per miner; TransportFailure becomes MinerUnreachableError, an abort stays an abort. */
  private async exchange(request: TransportRequest): Promise<TransportResponse> {
    try {
      return await this.queue.run(() => this.transport.request(request), request.signal);
    } catch (error) {
      if (error instanceof TransportFailure) throw new MinerUnreachableError(this.context(request.path), error.detail, { cause: error });
      throw error;
    }
  }

  private expectOk(endpoint: string, response: TransportResponse): void {
    if (isOk(response)) return;
    const said = describeBody(response);
    throw new MinerApiError(this.context(endpoint), `answered HTTP ${response.status}${said ? `: ${said}` : ''}`, response.status);
  }

  private expectJson(endpoint: string, response: TransportResponse): unknown {
    this.expectOk(endpoint, response);
    const text = response.text.trim();
    if (text === '') throw new MinerApiError(this.context(endpoint), 'answered nothing, not JSON', response.status);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const kind = isHtml(response) ? 'HTML' : /^[[{]/.test(text) ? 'broken JSON' : 'text';
      const detail = kind === 'broken JSON' ? `answered broken JSON: ${snippet(text)}` : `answered ${kind}, not JSON: ${snippet(text)}`;
      throw new MinerApiError(this.context(endpoint), detail, response.status, { cause: error });
    }
  }

  private context(endpoint: string): MinerErrorContext {
    return { miner: this.name, endpoint };
  }
}

function isOk(response: TransportResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function isHtml(response: TransportResponse): boolean {
  return (response.contentType ?? '').includes('html') || /^\s*</.test(response.text);
}

/**
 * A few words of what came back, printable: a binary answer (gzip, an image) is described, not pasted into logs and
 * alert texts, and no control character reaches a terminal.
 */
function snippet(text: string): string {
  const head = text.slice(0, 200);
  // eslint-disable-next-line no-control-regex
  const unprintable = (head.match(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/g) ?? []).length;
  if (unprintable > 0 && unprintable >= head.length / 20) return `binary data (${Buffer.byteLength(text, 'utf8')} bytes)`;
  const line = stripControl(text.replace(/\s+/g, ' ')).trim();
  return line.length > SNIPPET_CHARS ? `${line.slice(0, SNIPPET_CHARS)}…` : line;
}

/** What an error answer said, in a few words: AxeOS's `{"error": …}`, a plain-text reason, or nothing for a page. */
function describeBody(response: TransportResponse): string {
  const text = response.text.trim();
  if (text === '' || isHtml(response)) return '';
  try {
    const json = JSON.parse(text) as unknown;
    if (isPlainObject(json)) {
      const reason = json.error ?? json.message;
      if (typeof reason === 'string') return snippet(reason);
    }
  } catch {
    // Not JSON: the text itself is the reason ("Wrong API input", "401 Unauthorized").
  }
  return snippet(text);
}
