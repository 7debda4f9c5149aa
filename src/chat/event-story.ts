/**
 * `/events` as a story the owner can follow: who changed a setting (an owner through axepilot, the benchmark, the
 * firmware's protection, or someone outside axepilot), a restart the owner asked for as information rather than a
 * warning, and one outage as one opening and one closing line.
 *
 * The poll loop records what it sees; only the guard's audit log knows who asked for it. They are joined here, when
 * the story is told, so old events read as well as new ones.
 */
import { describeActor, type AuditEntry } from '../control/index.js';
import type { EventRecord, EventSeverity } from '../store/events.js';

/** How long after a write or restart the poll that shows it may come (a poll interval, a reboot, a slow answer). */
const ATTRIBUTION_WINDOW_MS = 3 * 60_000;
/** Audit actions that PATCH settings. */
const WRITES: ReadonlySet<AuditEntry['action']> = new Set(['set', 'undo', 'restore', 'release']);

export interface StoryLine {
  ts: number;
  severity: EventSeverity;
  message: string;
}

export interface StorySources {
  /** The database name of the miner an event belongs to. */
  minerName(minerId: number): string | null;
  /** The audit rows of one miner in [fromTs, toTs], oldest first. */
  audit(miner: string, fromTs: number, toTs: number): AuditEntry[];
}

type Settings = Record<string, unknown>;

/** Whether an audit row's written settings are what the poll showed afterwards (each key it wrote, as polled). */
function wroteThese(entry: AuditEntry, after: Settings): boolean {
  const written = entry.after;
  if (!written) return false;
  const same = (key: 'frequencyMhz' | 'coreVoltageMv' | 'autoFan' | 'tempTargetC'): boolean => {
    const value = written[key];
    if (value === undefined) return true;
    const polled = after[key];
    return typeof value === 'number' && typeof polled === 'number' ? Math.abs(value - polled) <= 0.5 : value === polled;
  };
  return same('frequencyMhz') && same('coreVoltageMv') && same('autoFan') && same('tempTargetC');
}

function settingsChange(event: EventRecord, miner: string | null, sources: StorySources): StoryLine {
  const data = event.data ?? {};
  if (data.by === 'firmware' || miner === null) return event;
  const after = (data.after ?? {}) as Settings;
  const writes = sources.audit(miner, event.ts - ATTRIBUTION_WINDOW_MS, event.ts)
    .filter((entry) => entry.result === 'ok' && WRITES.has(entry.action) && wroteThese(entry, after));
  const writer = writes.at(-1);
  const by = writer ? `by ${describeActor(writer.actor)}` : 'outside axepilot';
  return { ...event, message: `${event.message}, ${by}` };
}

function reboot(event: EventRecord, miner: string | null, sources: StorySources): StoryLine {
  if (miner === null) return event;
  const asked = sources.audit(miner, event.ts - ATTRIBUTION_WINDOW_MS, event.ts)
    .filter((entry) => entry.action === 'restart' && entry.result === 'ok').at(-1);
  if (!asked) return event;
  return { ts: event.ts, severity: 'info', message: `${miner} restarted, as ${describeActor(asked.actor)} asked` };
}

/** Alert lines that only repeat what the outage's own opening and closing lines say. */
function repeatsAnOutage(event: EventRecord): boolean {
  return event.kind === 'alert' && event.data?.rule === 'offline';
}

/** The events (newest first) as the owner reads them; may return fewer lines than events. */
export function tellStory(events: readonly EventRecord[], sources: StorySources): StoryLine[] {
  const lines: StoryLine[] = [];
  for (const event of events) {
    if (repeatsAnOutage(event)) continue;
    const miner = event.minerId === null ? null : sources.minerName(event.minerId);
    if (event.kind === 'settingsChanged') lines.push(settingsChange(event, miner, sources));
    else if (event.kind === 'rebooted') lines.push(reboot(event, miner, sources));
    else lines.push(event);
  }
  return lines;
}
