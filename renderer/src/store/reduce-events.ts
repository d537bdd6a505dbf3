import type { ApiError, BatchProgress, CartView, DeviceSummary, StationEvent } from '../../../electron/api/index.js';
import { sameValue } from './same-value.js';

/** The slice of the station store that events change. */
export interface EventSlice {
  devices: Record<string, DeviceSummary>;
  cart: CartView | null;
  batches: Record<string, BatchProgress>;
}

export interface PendingNotice {
  level: 'info' | 'warning' | 'error';
  message: string;
  error?: ApiError | undefined;
}

/**
 * Folds a run of events into one new slice, in order. Maps are copied at most once per run and
 * only when something really changed; an unchanged device keeps its object (see sameValue).
 * Returns only the keys that changed, so subscribers of the others are not woken.
 */
export function reduceEvents(prev: EventSlice, events: readonly StationEvent[]): { patch: Partial<EventSlice>; notices: PendingNotice[] } {
  let devices: Record<string, DeviceSummary> | null = null;
  let batches: Record<string, BatchProgress> | null = null;
  let cart: CartView | null | undefined;
  const notices: PendingNotice[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'devices':
        for (const d of event.devices) {
          const current = (devices ?? prev.devices)[d.udid];
          if (current !== undefined && sameValue(current, d)) continue;
          devices ??= { ...prev.devices };
          devices[d.udid] = d;
        }
        break;
      case 'device-removed':
        if (!(event.udid in (devices ?? prev.devices))) break;
        devices ??= { ...prev.devices };
        delete devices[event.udid];
        break;
      case 'cart':
        cart = event.cart;
        break;
      case 'batch':
        batches ??= { ...prev.batches };
        batches[event.progress.batchId] = event.progress;
        break;
      case 'notice':
        notices.push({ level: event.level, message: event.message, error: event.error });
        break;
    }
  }
  const patch: Partial<EventSlice> = {};
  if (devices) patch.devices = devices;
  if (batches) patch.batches = batches;
  if (cart !== undefined) patch.cart = cart;
  return { patch, notices };
}
