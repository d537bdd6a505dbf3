import type { Rng } from '../core/rng.js';

/**
 * What the MDM looks like from the station, window by window. Outages fail every call in one of
 * the ways real networks do; storms answer some calls 429 (Too Many Requests) or lose the answer
 * after the MDM acted — the window in which a naive retry would do things twice.
 */
export type OutageMode = 'refuse' | 'reset' | 'blackhole' | 'unavailable';
export type StormMode = 'throttle' | 'lose-response';
export type WindowMode = 'pass' | OutageMode | StormMode;

export interface Window {
  mode: WindowMode;
  ms: number;
  /** Storms: the share of calls affected. */
  rate: number;
}

const OUTAGES: readonly OutageMode[] = ['refuse', 'reset', 'blackhole', 'unavailable'];

/** Outage and storm windows in a seeded order, each preceded by a healthy window so traffic flows in between. */
export function buildSchedule(rng: Rng, outages: number, storms: number, windowMs: [number, number]): Window[] {
  const bad: Window[] = [
    ...Array.from({ length: outages }, (_, i): Window => ({ mode: OUTAGES[i % OUTAGES.length] as OutageMode, ms: rng.int(...windowMs), rate: 1 })),
    // Storms alternate 429s and lost answers; a one-storm plan gets 429s (the "429 storm").
    ...Array.from({ length: storms }, (_, i): Window => ({ mode: i % 2 === 0 ? 'throttle' : 'lose-response', ms: rng.int(...windowMs), rate: rng.float(0.4, 0.9) })),
  ];
  for (let i = bad.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [bad[i], bad[j]] = [bad[j] as Window, bad[i] as Window];
  }
  const out: Window[] = [];
  for (const w of bad) out.push({ mode: 'pass', ms: rng.int(...windowMs), rate: 0 }, w);
  out.push({ mode: 'pass', ms: rng.int(...windowMs), rate: 0 });
  return out;
}

export function scheduleMs(windows: readonly Window[]): number {
  return windows.reduce((s, w) => s + w.ms, 0);
}
