/**
 * A station at the hosts' seam for the UI benchmark: a 10 × 10 cart of 100 devices mid-Prepare,
 * every device changing (step, progress, battery) ten times a second — one `devices` event per
 * tick carrying all 100, as the station's ~50 ms coalescing would deliver a busy cart.
 */
import type { CartView, DeviceState, DeviceSummary, HostedHandlers, StationEvent } from '../../electron/api/index.js';

const STEPS = ['Pair', 'Inspect', 'Activate', 'Supervise', 'Escalate', 'Enroll in MDM', 'Rename', 'Report to MDM', 'Verify'];
const MODELS = [
  ['iPad13,18', 'iPad (10th generation)'],
  ['iPad14,1', 'iPad mini (6th generation)'],
  ['iPhone15,4', 'iPhone 15'],
] as const;

export interface UiFeed {
  handlers: HostedHandlers;
  subscribe(listener: (e: StationEvent) => void): () => void;
  /** Starts the updates at `hz`; returns how many ticks were sent when stopped. */
  start(hz: number): void;
  stop(): number;
}

const udidFor = (slot: number) => `00008101-${(0x2b3c4d00 + slot * 7919).toString(16).toUpperCase().padStart(8, '0')}001E`;

function device(slot: number, tick: number): DeviceSummary {
  const [productType, model] = MODELS[slot % MODELS.length]!;
  const step = ((tick + slot) % STEPS.length) + 1;
  const state: DeviceState = (tick + slot) % 23 === 0 ? 'waiting-trust' : step === STEPS.length && tick % 2 === 0 ? 'ready' : 'staging';
  return {
    udid: udidFor(slot),
    serial: `DMPB${(5000 + slot * 37).toString(36).toUpperCase()}Q1GH`,
    imei: productType.startsWith('iPhone') ? `35${(912345678901 + slot).toString()}` : null,
    name: `Cart B-${String(slot).padStart(3, '0')}`,
    productType,
    model,
    productVersion: '18.1',
    slot,
    portId: `loc:0x${(0x01100000 + slot * 0x10000).toString(16)}`,
    battery: (slot * 7 + tick) % 101,
    charging: tick % 20 < 15,
    paired: state !== 'waiting-trust',
    supervised: step > 4,
    organizationName: step > 4 ? 'Bench Schools' : null,
    enrollmentType: 'device',
    connected: true,
    state,
    stateDetail: state === 'waiting-trust' ? `Tap Trust on the device in slot ${slot}` : state === 'staging' ? `Step ${step}/${STEPS.length}: ${STEPS[step - 1]}` : null,
    progress: state === 'staging' ? { step, of: STEPS.length, title: STEPS[step - 1]! } : null,
    error: null,
    holder: null,
  };
}

export function uiFeed(count = 100): UiFeed {
  const columns = 10;
  const slots = Array.from({ length: count }, (_, i) => i + 1);
  let tick = 0;
  let timer: NodeJS.Timeout | null = null;
  const listeners = new Set<(e: StationEvent) => void>();
  const devices = () => slots.map((s) => device(s, tick));
  const cart = (): CartView => ({
    layout: { name: 'Cart B — Bench', rows: Math.ceil(count / columns), columns },
    slots: slots.map((s) => ({ slot: s, label: null, portId: device(s, 0).portId, udid: udidFor(s) })),
    unknownPorts: [],
    calibration: { active: false, nextSlot: null },
  });
  const handlers = {
    'station.info': async () => ({ version: '0.1.0', dataDir: '/tmp/bench', usbmuxd: '127.0.0.1:0', identity: { organization: 'Bench Schools', fingerprint: 'AB:CD' }, mdm: { kind: 'local' }, autoStage: { enabled: false, blueprint: null } }),
    'devices.list': async () => devices(),
    'cart.get': async () => cart(),
  } as unknown as HostedHandlers;
  return {
    handlers,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    start(hz) {
      timer = setInterval(() => {
        tick++;
        const e: StationEvent = { type: 'devices', devices: devices() };
        for (const l of listeners) l(e);
      }, 1000 / hz);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      return tick;
    },
  };
}
