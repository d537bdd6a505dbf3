import { describe, expect, it } from 'vitest';
import { deviceSummary } from '../../helpers/device-summary.js';
import type { BatchProgress, CartView, StationEvent } from '../../../electron/api/index.js';
import { reduceEvents, type EventSlice } from '../../../renderer/src/store/reduce-events.js';

const make = deviceSummary;

const empty: EventSlice = { devices: {}, cart: null, batches: {} };
const batch = (batchId: string, succeeded: number): BatchProgress => ({ batchId, blueprint: 'Prepare', total: 2, queued: 0, running: 2 - succeeded, paused: 0, succeeded, failed: 0, cancelled: 0, startedAt: '2026-01-01T00:00:00Z', etaSeconds: null });
const cart: CartView = { layout: null, slots: [], unknownPorts: [], calibration: { active: false, nextSlot: null } };

describe('folding station events into the screens’ store', () => {
  it('adds devices and applies events in order, the last one winning', () => {
    const events: StationEvent[] = [
      { type: 'devices', devices: [make('A', { state: 'staging', progress: { step: 1, of: 3, title: 'Pair' } })] },
      { type: 'devices', devices: [make('A', { state: 'ready' }), make('B')] },
    ];
    const { patch } = reduceEvents(empty, events);
    expect(Object.keys(patch.devices!)).toEqual(['A', 'B']);
    expect(patch.devices!.A!.state).toBe('ready');
  });

  it('keeps an unchanged device’s object and reports no change when nothing changed', () => {
    const a = make('A');
    const prev: EventSlice = { ...empty, devices: { A: a } };
    const { patch } = reduceEvents(prev, [{ type: 'devices', devices: [{ ...a }] }]);
    expect(patch).toEqual({});
  });

  it('copies the device map once and leaves the previous slice untouched', () => {
    const prev: EventSlice = { ...empty, devices: { A: make('A'), B: make('B') } };
    const { patch } = reduceEvents(prev, [{ type: 'devices', devices: [make('A', { battery: 50 })] }]);
    expect(patch.devices!.A!.battery).toBe(50);
    expect(patch.devices!.B).toBe(prev.devices.B);
    expect(prev.devices.A!.battery).toBe(80);
  });

  it('removes a device, and ignores removing one it never had', () => {
    const prev: EventSlice = { ...empty, devices: { A: make('A') } };
    expect(reduceEvents(prev, [{ type: 'device-removed', udid: 'A' }]).patch.devices).toEqual({});
    expect(reduceEvents(prev, [{ type: 'device-removed', udid: 'Z' }]).patch).toEqual({});
  });

  it('keeps the latest progress per batch and the cart as sent', () => {
    const { patch } = reduceEvents(empty, [
      { type: 'batch', progress: batch('b1', 0) },
      { type: 'batch', progress: batch('b1', 2) },
      { type: 'cart', cart },
    ]);
    expect(patch.batches!.b1!.succeeded).toBe(2);
    expect(patch.cart).toBe(cart);
    expect(patch.devices).toBeUndefined();
  });

  it('passes notices through in order without touching the store', () => {
    const error = { code: 'DEVICE_GONE' as const, message: 'The device was unplugged.' };
    const { patch, notices } = reduceEvents(empty, [
      { type: 'notice', level: 'info', message: 'Slot 3 calibrated.' },
      { type: 'notice', level: 'error', message: 'Pairing failed.', error },
    ]);
    expect(patch).toEqual({});
    expect(notices).toEqual([
      { level: 'info', message: 'Slot 3 calibrated.', error: undefined },
      { level: 'error', message: 'Pairing failed.', error },
    ]);
  });
});
