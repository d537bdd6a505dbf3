import type { DeviceSummary, StationEvent } from '../../../electron/api/index.js';
import { sameValue } from './same-value.js';

/**
 * Spreads device changes over animation frames. A busy cart changes every tile several times a
 * second, and drawing 100 changed tiles at once (React, style, layout, paint) costs several
 * frames' time: the screen would stall on each batch. The pacer keeps the latest state of each
 * waiting device and hands over at most a budget of changed devices per frame, longest waiting
 * first; every other event (cart, batches, notices) passes straight through.
 *
 * A device that changes again while it waits keeps its place in line and only its latest state
 * is drawn, so a machine that cannot keep up shows fewer intermediate states, never a growing
 * delay. No device waits longer than `maxWaitMs`: when frames come slowly (a starved machine),
 * holding tiles back would only make the cart stale, so what has waited that long goes regardless.
 */
export interface DevicePacer {
  add(events: readonly StationEvent[]): void;
  /**
   * What to apply now: every event that is not about a device, then up to `budget`
   * devices that differ from `current` (a waiting state the store already has costs nothing and
   * is dropped), and beyond the budget every device that has waited `maxWaitMs` or more.
   */
  take(current: Readonly<Record<string, DeviceSummary>>, budget: number): StationEvent[];
  /** Everything waiting, in one go: before a snapshot, or when no frame is being drawn. */
  takeAll(): StationEvent[];
  /** Devices still waiting for a frame. */
  readonly waiting: number;
}

/** A waiting device's latest state; `null` when its last word was that it went away. */
type Latest = DeviceSummary | null;

interface Waiting {
  latest: Latest;
  /** When it started waiting, by `now`. */
  since: number;
}

export interface PacerOptions {
  maxWaitMs: number;
  /** Milliseconds on any monotonic clock (performance.now in the page). */
  now(): number;
}

export function devicePacer({ maxWaitMs, now }: PacerOptions): DevicePacer {
  // A Map keeps insertion order, so the longest waiting comes first.
  const waiting = new Map<string, Waiting>();
  let passthrough: StationEvent[] = [];
  const wait = (udid: string, latest: Latest): void => {
    const w = waiting.get(udid);
    if (w) w.latest = latest;
    else waiting.set(udid, { latest, since: now() });
  };

  const toEvents = (entries: Array<[string, Latest]>): StationEvent[] => {
    const devices = entries.flatMap(([, d]) => (d ? [d] : []));
    const removed = entries.flatMap(([udid, d]): StationEvent[] => (d ? [] : [{ type: 'device-removed', udid }]));
    return [...(devices.length ? [{ type: 'devices', devices } as const] : []), ...removed];
  };

  return {
    add(events) {
      for (const event of events) {
        if (event.type === 'devices') for (const d of event.devices) wait(d.udid, d);
        else if (event.type === 'device-removed') wait(event.udid, null);
        else passthrough.push(event);
      }
    },
    take(current, budget) {
      const at = now();
      const out = passthrough;
      passthrough = [];
      const chosen: Array<[string, Latest]> = [];
      for (const [udid, w] of waiting) {
        if (chosen.length >= budget && at - w.since < maxWaitMs) break;
        waiting.delete(udid);
        const have = current[udid];
        const unchanged = w.latest === null ? have === undefined : have !== undefined && sameValue(have, w.latest);
        if (!unchanged) chosen.push([udid, w.latest]);
      }
      return [...out, ...toEvents(chosen)];
    },
    takeAll() {
      const out = [...passthrough, ...toEvents([...waiting].map(([udid, w]): [string, Latest] => [udid, w.latest]))];
      passthrough = [];
      waiting.clear();
      return out;
    },
    get waiting() {
      return waiting.size;
    },
  };
}
