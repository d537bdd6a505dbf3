import type { ApiError, BatchProgress, CartView, DeviceState, DeviceSummary, HostedHandlers, KioskDeviceRef, PickView, StationEvent } from '../../electron/api/index.js';
import type { DeviceFacts } from '../../electron/staging/device-port.js';
import { DeviceRegistry } from '../../electron/station/registry.js';

/**
 * A station at the hosts' seam for UI tests before (and beside) the real one: a 3 × 10 cart in every
 * state a technician meets, a staging run that steps through, and the kiosk flows. Not a mock of the
 * code under test — the server, the transport and the screens are all real.
 */
const MODELS = [
  ['iPad13,18', 'iPad (10th generation)'],
  ['iPad13,16', 'iPad Air (5th generation)'],
  ['iPhone15,4', 'iPhone 15'],
  ['iPhone14,6', 'iPhone SE (3rd generation)'],
  ['iPad14,1', 'iPad mini (6th generation)'],
] as const;

const STEPS = ['Pair', 'Activate', 'Supervise', 'Install Wi-Fi profile', 'Install restrictions', 'Enroll in MDM', 'Rename'];

const PLAN: (DeviceState | null)[] = [
  'ready', 'ready', 'staging', 'staging', 'waiting-trust', 'ready', 'error', 'staging', 'idle', 'ready',
  'staging', 'checked-out', 'ready', null, 'needs-activation', 'staging', 'ready', 'idle', 'error', 'ready',
  'connecting', 'staging', null, 'ready', 'checked-out', 'idle', 'ready', null, 'waiting-trust', 'ready',
];

function udidFor(i: number): string {
  return `00008101-${(0x1a2b3c00 + i * 7919).toString(16).toUpperCase().padStart(8, '0')}001E`;
}

const stepName = (title: string) => title.toLowerCase().replace(/[^a-z]+/g, '-');
const PROFILES = [
  { identifier: 'org.northwind.wifi', uuid: null, displayName: 'Northwind Wi-Fi' },
  { identifier: 'org.northwind.mdm', uuid: null, displayName: 'MDM enrollment' },
];
const ERRORS: Record<number, ApiError> = {
  7: { code: 'PASSCODE_LOCKED', message: 'The device is locked with a passcode, so it cannot show the Trust dialog.', remedy: 'Unlock the device with its passcode, then retry.' },
  19: { code: 'ACTIVATION_LOCKED', message: 'Activation Lock is on for this device.', remedy: 'Have the owner remove it from their Apple Account, or release it in Apple Business Manager.' },
};
const NOT_ACTIVATED: ApiError = { code: 'NOT_ACTIVATED', message: 'The device is not activated yet.', remedy: 'Connect the device to Wi-Fi in Setup Assistant, then plug it back in.' };

/** What a paired device in this slot tells the station (the station's own facts type). */
function factsFor(slot: number, state: DeviceState): DeviceFacts {
  const [productType, model] = MODELS[slot % MODELS.length]!;
  const staged = state === 'ready' || state === 'checked-out';
  return {
    udid: udidFor(slot),
    serial: `DMPX${(4000 + slot * 37).toString(36).toUpperCase()}Q1GH`,
    imei: productType.startsWith('iPhone') ? `35${(912345678901 + slot).toString()}` : null,
    productType,
    model,
    productVersion: ['17.5.1', '18.1', '16.7.8', '18.0.1'][slot % 4]!,
    name: staged ? `Cart A ${String(slot).padStart(2, '0')}` : slot % 3 === 0 ? 'iPad' : `iPad ${slot}`,
    activationState: state === 'needs-activation' ? 'Unactivated' : 'Activated',
    battery: Math.max(4, (slot * 29) % 101),
    charging: state !== 'checked-out' && slot % 5 !== 0,
    setupState: staged ? 'set-up' : 'in-setup-assistant',
    cloudConfigured: staged,
    supervised: staged,
    organizationName: staged ? 'Northwind Schools' : null,
    supervisorCertificates: [],
    profiles: staged ? PROFILES : [],
    enrollmentType: 'device',
    locked: false,
    passcodePresent: null,
  };
}

/**
 * Puts a device in the planned state through the station's own inputs (presence, staging events,
 * check-outs) on the station's own registry, so every tile here is derived as the real station
 * derives it: the fake cannot send a field or a state production never sends.
 */
function place(registry: DeviceRegistry, slot: number, state: DeviceState, unknownPort = false): string {
  const f = factsFor(slot, state);
  const udid = f.udid;
  const job = `job-${udid}`;
  const paired = state !== 'waiting-trust' && state !== 'connecting';
  if (paired) registry.applyFacts(f, true);
  else registry.update(udid, { productType: f.productType, model: f.model, productVersion: f.productVersion, name: f.name, battery: f.battery, charging: f.charging });
  registry.attached(udid, unknownPort ? { slot: null, portId: 'usb:3-4.2' } : { slot, portId: `loc:0x0${slot.toString(16)}100000` });
  if (state === 'connecting') return udid;
  registry.identified(udid, state === 'ready' || state === 'checked-out' ? 'ready' : 'idle');
  if (state === 'staging') {
    const step = (slot % 6) + 1;
    registry.applyStaging({ type: 'step-started', jobId: job, udid, step: stepName(STEPS[step - 1]!), title: STEPS[step - 1]!, index: step - 1, count: STEPS.length });
  } else if (state === 'waiting-trust') {
    registry.trustPending(udid, `Tap Trust on the device in slot ${slot}`);
  } else if (state === 'error') {
    registry.applyStaging({ type: 'job-finished', jobId: job, udid, batchId: null, state: 'failed', error: ERRORS[slot] ?? { code: 'INTERNAL', message: 'The job failed.' } });
  } else if (state === 'needs-activation') {
    registry.applyStaging({ type: 'job-paused', jobId: job, udid, reason: 'needs-person', error: NOT_ACTIVATED });
  } else if (state === 'checked-out') {
    registry.detached(udid);
    registry.update(udid, { charging: false });
    registry.checkedOut(udid, slot === 12 ? 'm.okafor' : 'j.lindqvist', null);
  }
  return udid;
}

export interface SeamStation {
  handlers: HostedHandlers;
  subscribe(listener: (e: StationEvent) => void): () => void;
  devices(): DeviceSummary[];
  /** The cart's control: the person takes the device off the cart, or plugs it back. */
  unplug(udid: string): void;
  plug(udid: string): void;
  trust(udid: string): void;
  stop(): void;
}

export function seamStation(): SeamStation {
  const listeners = new Set<(e: StationEvent) => void>();
  const emit = (e: StationEvent) => listeners.forEach((l) => l(e));
  const registry = new DeviceRegistry(emit);
  PLAN.forEach((state, i) => state && place(registry, i + 1, state));
  const unknown = registry.get(place(registry, 31, 'idle', true))!;
  registry.update(unknown.udid, { name: 'iPhone', paired: false });
  registry.flush();
  const batches = new Map<string, BatchProgress>();
  const picks = new Map<string, PickView>();
  const timers = new Set<NodeJS.Timeout>();
  const device = (udid: string) => registry.get(udid);
  const all = () => registry.list();
  const startStep = (udid: string, index: number) =>
    registry.applyStaging({ type: 'step-started', jobId: `job-${udid}`, udid, step: stepName(STEPS[index]!), title: STEPS[index]!, index, count: STEPS.length });
  const finish = (udid: string) => {
    const slot = device(udid)?.slot;
    if (slot) registry.applyFacts(factsFor(slot, 'ready'), true);
    registry.applyStaging({ type: 'job-finished', jobId: `job-${udid}`, udid, batchId: null, state: 'succeeded' });
  };
  const cart = (): CartView => ({
    layout: { name: 'Cart A — Library', rows: 3, columns: 10 },
    slots: PLAN.map((_, i) => {
      const d = all().find((x) => x.slot === i + 1 && x.connected);
      return { slot: i + 1, label: null, portId: `loc:0x0${(i + 1).toString(16)}100000`, udid: d?.udid ?? null };
    }),
    unknownPorts: [{ portId: unknown.portId!, udid: unknown.udid }],
    calibration: { active: false, nextSlot: null },
  });
  const ref = (d: DeviceSummary): KioskDeviceRef => ({ udid: d.udid, slot: d.slot, name: d.name, model: d.model });
  const users: Record<string, { username: string; displayName: string }> = { '0042': { username: 'a.lopez', displayName: 'Ana Lopez' } };
  const who = (c: { badge: string } | { username: string; pin: string }) => {
    const u = 'badge' in c ? users[c.badge] : c.pin === '1234' ? { username: c.username, displayName: c.username } : undefined;
    if (!u) throw Object.assign(new Error('This badge is not known to the station.'), { code: 'NOT_FOUND', remedy: 'Ask an administrator to add your badge.' });
    return u;
  };

  function runBatch(batchId: string, udids: string[], blueprint: string): void {
    const started = new Date().toISOString();
    const step = new Map(udids.map((u) => [u, 0]));
    const tick = () => {
      for (const [u, s] of step) {
        if (s >= STEPS.length) continue;
        const n = s + 1;
        step.set(u, n);
        if (n >= STEPS.length) finish(u);
        else startStep(u, n);
      }
      const done = [...step.values()].filter((s) => s >= STEPS.length).length;
      const progress: BatchProgress = { batchId, blueprint, total: udids.length, queued: 0, running: udids.length - done, paused: 0, succeeded: done, failed: 0, cancelled: 0, startedAt: started, etaSeconds: done === udids.length ? 0 : (STEPS.length - Math.min(...step.values())) * 0.2 };
      batches.set(batchId, progress);
      emit({ type: 'batch', progress });
      if (done < udids.length) schedule(tick, 200);
    };
    schedule(tick, 200);
  }
  const schedule = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const handlers = {
    'station.info': async () => ({ version: '0.1.0', dataDir: '/var/lib/cartwright', usbmuxd: '/var/run/usbmuxd', identity: { organization: 'Northwind Schools', fingerprint: 'AB:CD' }, mdm: { kind: 'local' }, autoStage: { enabled: false, blueprint: 'Prepare' } }),
    'devices.list': async () => all(),
    'devices.get': async ({ udid }: { udid: string }) => {
      const d = device(udid);
      if (!d) throw Object.assign(new Error('No such device.'), { code: 'NOT_FOUND' });
      return { device: d, profiles: registry.profiles(udid).map((p) => ({ identifier: p.identifier, displayName: p.displayName })), jobs: [] };
    },
    'devices.pair': async ({ udids }: { udids: string[] }) => ({ results: udids.map((u) => ({ udid: u, ok: true, error: null })) }),
    'devices.restart': async () => ({ ok: true }),
    'blueprints.list': async () => [{ name: 'Prepare', version: 3, createdAt: '2025-01-10T09:00:00Z' }, { name: 'Shared iPad', version: 1, createdAt: '2025-01-12T09:00:00Z' }],
    'blueprints.get': async ({ name }: { name: string }) => ({
      name,
      version: 3,
      body: { name, steps: [{ type: 'pair' }, { type: 'supervise', skipSetup: 'all' }, { type: 'enroll', profile: { stored: 'enrollment' }, mode: 'install' }, { type: 'rename', template: 'Cart-{slot:2}' }] },
    }),
    'blueprints.history': async () => [3, 2, 1].map((version) => ({ version, createdAt: `2025-01-${7 + version}T09:00:00Z`, createdBy: 'ana' })),
    'staging.validate': async () => ({ ok: true, problems: [] }),
    'cart.get': async () => cart(),
    'staging.start': async ({ udids, blueprint }: { udids: string[] | 'all'; blueprint: string }) => {
      const chosen = udids === 'all' ? all().filter((d) => d.connected && d.state === 'idle').map((d) => d.udid) : udids;
      const batchId = `b-${Date.now()}`;
      for (const u of chosen) startStep(u, 0);
      batches.set(batchId, { batchId, blueprint, total: chosen.length, queued: 0, running: chosen.length, paused: 0, succeeded: 0, failed: 0, cancelled: 0, startedAt: new Date().toISOString(), etaSeconds: null });
      runBatch(batchId, chosen, blueprint);
      return { batchId, jobIds: chosen.map((u) => `job-${u}`) };
    },
    'staging.batch': async ({ batchId }: { batchId: string }) => {
      const b = batches.get(batchId);
      if (b) return b;
      return { batchId, blueprint: 'Prepare', total: 0, queued: 0, running: 0, paused: 0, succeeded: 0, failed: 0, cancelled: 0, startedAt: new Date().toISOString(), etaSeconds: null };
    },
    'audit.query': async () => [
      { id: 3, at: '2025-01-14T10:22:03Z', actor: 'j.lindqvist', source: 'kiosk', action: 'kiosk.checkOut', udid: udidFor(24), serial: 'DMPX1Q1GH', details: { slot: 24 } },
      { id: 2, at: '2025-01-14T09:12:44Z', actor: 'tech', source: 'screen', action: 'staging.start', udid: null, serial: null, details: { blueprint: 'Prepare', devices: 12 } },
      { id: 1, at: '2025-01-14T09:02:10Z', actor: 'tech', source: 'screen', action: 'device.pair', udid: udidFor(1), serial: 'DMPX4000Q1GH', details: {} },
    ],
    'kiosk.identify': async ({ credential }: { credential: { badge: string } | { username: string; pin: string } }) => {
      const user = who(credential);
      const holding = all().filter((d) => d.holder === user.username).map(ref);
      return { user, holding, canCheckOut: holding.length === 0 };
    },
    'kiosk.checkOut': async ({ credential }: { credential: { badge: string } | { username: string; pin: string } }) => {
      const user = who(credential);
      const pick = all().filter((d) => d.state === 'ready' && d.connected && !d.holder).sort((a, b) => (b.battery ?? 0) - (a.battery ?? 0))[0];
      if (!pick) throw Object.assign(new Error('No device is ready right now.'), { code: 'CONFLICT', remedy: 'Ask a technician to prepare more devices.' });
      registry.update(pick.udid, { holder: user.username });
      // As the station does: the pick waits for the device to leave, and its events say how it goes.
      const view: PickView = { pickId: `pick-${picks.size + 1}`, state: 'waiting', user, device: ref(pick), took: null, message: null, checkoutId: null, dueAt: null };
      picks.set(view.pickId, view);
      emit({ type: 'pick', pick: view });
      return { user, device: ref(pick), pickId: view.pickId };
    },
    'kiosk.pick': async ({ pickId }: { pickId: string }) => {
      const view = picks.get(pickId);
      if (!view) throw Object.assign(new Error('That check-out is no longer waiting.'), { code: 'NOT_FOUND', remedy: 'Scan your badge again.' });
      return view;
    },
    'kiosk.checkIn': async ({ credential, udid }: { credential: { badge: string } | { username: string; pin: string }; udid?: string }) => {
      const user = who(credential);
      const d = all().find((x) => x.holder === user.username && (!udid || x.udid === udid));
      if (!d) throw Object.assign(new Error('You hold no device.'), { code: 'NOT_FOUND' });
      return { user, device: ref(d) };
    },
  } as unknown as HostedHandlers;

  return {
    handlers,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    devices: () => all(),
    // As the station does: a device held by someone that leaves the cart is checked out.
    unplug: (udid) => {
      const holder = device(udid)?.holder ?? null;
      registry.detached(udid);
      registry.update(udid, { charging: false });
      if (holder) registry.checkedOut(udid, holder, null);
      // The check-out is recorded, then the pick says taken.
      for (const [id, p] of picks) {
        if (p.device.udid !== udid || p.state !== 'waiting') continue;
        const taken: PickView = { ...p, state: 'taken', checkoutId: picks.size };
        picks.set(id, taken);
        emit({ type: 'pick', pick: taken });
      }
    },
    plug: (udid) => {
      const d = device(udid);
      registry.attached(udid, { slot: d?.slot ?? null, portId: d?.portId ?? null });
      registry.update(udid, { charging: true });
      registry.identified(udid, 'ready');
      registry.checkedIn(udid);
    },
    trust: (udid) => {
      registry.trustPending(udid, null);
      registry.update(udid, { paired: true });
    },
    stop: () => {
      timers.forEach((t) => clearTimeout(t));
      registry.flush();
    },
  };
}
