import { describe, expect, it } from 'vitest';
import type { DeviceSummary, StationEvent } from '../../../electron/api/index.js';
import type { DeviceFacts } from '../../../electron/staging/device-port.js';
import { DeviceRegistry } from '../../../electron/station/registry.js';

const UDID = '00008101-000A1B2C3D4E001E';
const facts: DeviceFacts = {
  udid: UDID,
  serial: 'DMPX4000Q1GH',
  imei: null,
  productType: 'iPad13,18',
  model: 'iPad (10th generation)',
  productVersion: '18.1',
  name: 'iPad',
  activationState: 'Activated',
  battery: 64,
  charging: true,
  setupState: 'set-up',
  cloudConfigured: true,
  supervised: true,
  organizationName: 'Northwind Schools',
  supervisorCertificates: [],
  profiles: [{ identifier: 'org.northwind.wifi', uuid: 'A1', displayName: 'Northwind Wi-Fi' }],
  enrollmentType: 'unknown',
  locked: false,
  passcodePresent: null,
};

function registry(): { r: DeviceRegistry; sent: DeviceSummary[] } {
  const sent: DeviceSummary[] = [];
  const r = new DeviceRegistry((e: StationEvent) => e.type === 'devices' && sent.push(...e.devices));
  return { r, sent };
}

describe('the device registry', () => {
  it('answers one fact (slot, serial) as its summary shows it, without a tile', () => {
    const { r } = registry();
    expect(r.fact(UDID, 'slot')).toBeUndefined();
    r.attached(UDID, { slot: 3, portId: 'loc:0x03100000' });
    r.applyFacts(facts, true);
    expect([r.fact(UDID, 'slot'), r.fact(UDID, 'serial')]).toEqual([r.get(UDID)?.slot, r.get(UDID)?.serial]);
    expect([r.fact(UDID, 'slot'), r.fact(UDID, 'serial')]).toEqual([3, 'DMPX4000Q1GH']);
  });

  it('keeps a device’s installed profiles from its facts', () => {
    const { r } = registry();
    r.attached(UDID, { slot: 3, portId: 'loc:0x03100000' });
    r.applyFacts(facts, true);
    expect(r.profiles(UDID)).toEqual(facts.profiles);
    expect(r.get(UDID)).toMatchObject({ supervised: true, organizationName: 'Northwind Schools', enrollmentType: 'device', battery: 64, slot: 3 });
    expect(r.profiles('unknown-udid')).toEqual([]);
  });

  it('derives the tile from staging events, with structured progress', () => {
    const { r, sent } = registry();
    r.attached(UDID, { slot: 3, portId: null });
    r.identified(UDID, 'idle');
    r.applyStaging({ type: 'job-queued', jobId: 'j', udid: UDID, batchId: null });
    expect(r.get(UDID)).toMatchObject({ state: 'staging', code: 'queued' });
    r.applyStaging({ type: 'step-started', jobId: 'j', udid: UDID, step: 'pair', title: 'Pair', index: 0, count: 5 });
    r.applyStaging({ type: 'step-progress', jobId: 'j', udid: UDID, step: 'pair', text: 'Tap Trust on the device in slot 3', waiting: 'trust' });
    expect(r.get(UDID)).toMatchObject({ state: 'waiting-trust', code: 'trust-pending', progress: { step: 1, of: 5, title: 'Pair' }, step: 'pair' });
    r.applyStaging({ type: 'step-finished', jobId: 'j', udid: UDID, step: 'pair', index: 0, count: 5, outcome: 'succeeded', durationMs: 1 });
    expect(r.get(UDID)).toMatchObject({ state: 'staging', code: 'step-done', stateDetail: 'Pair done (1/5)', paired: true });
    r.applyStaging({ type: 'job-finished', jobId: 'j', udid: UDID, batchId: null, state: 'succeeded' });
    expect(r.get(UDID)).toMatchObject({ state: 'ready', progress: null, step: null, code: null });
    r.flush();
    expect(sent.at(-1)?.state).toBe('ready');
  });

  it('starts a re-plugged device afresh and checks a departed one out', () => {
    const { r } = registry();
    r.attached(UDID, { slot: 3, portId: null });
    r.identified(UDID, 'ready');
    r.applyStaging({ type: 'job-finished', jobId: 'j', udid: UDID, batchId: null, state: 'failed', error: { code: 'PASSCODE_LOCKED', message: 'Locked.' } });
    expect(r.get(UDID)?.state).toBe('error');
    r.update(UDID, { holder: 'Ana Lopez' });
    r.detached(UDID);
    r.checkedOut(UDID, 'Ana Lopez', null);
    expect(r.get(UDID)).toMatchObject({ state: 'checked-out', holder: 'Ana Lopez', connected: false });
    r.checkedIn(UDID);
    expect(r.get(UDID)).toMatchObject({ state: 'idle', stateDetail: 'Checked in', holder: null });
    r.attached(UDID, { slot: 3, portId: null });
    expect(r.get(UDID)).toMatchObject({ state: 'connecting', error: null, stateDetail: null });
    r.identified(UDID, 'ready');
    expect(r.get(UDID)?.state).toBe('ready');
  });
});

describe('forgetting a device', () => {
  it('drops its tile and says device-removed at once, without a late coalesced update for it', () => {
    const events: StationEvent[] = [];
    const r = new DeviceRegistry((e) => events.push(e));
    r.attached(UDID, { slot: 3, portId: null });
    r.detached(UDID);
    expect(r.remove(UDID)).toBe(true);
    expect(events).toEqual([{ type: 'device-removed', udid: UDID }]);
    r.flush();
    expect(events).toHaveLength(1);
    expect(r.get(UDID)).toBeUndefined();
    expect(r.list()).toEqual([]);
    // Forgetting what is not known says nothing.
    expect(r.remove(UDID)).toBe(false);
    expect(events).toHaveLength(1);
  });
});

describe('a flow’s note on the tile', () => {
  it('gives way to the job that follows it', () => {
    const { r } = registry();
    r.attached(UDID, { slot: 3, portId: null });
    r.identified(UDID, 'idle');
    r.note(UDID, { code: 'return-activating', state: 'needs-activation', detail: 'Return to Service: waiting for activation (Wi-Fi)' });
    expect(r.get(UDID)).toMatchObject({ state: 'needs-activation', code: 'return-activating' });
    r.applyStaging({ type: 'job-queued', jobId: 'j2', udid: UDID, batchId: null });
    r.applyStaging({ type: 'job-finished', jobId: 'j2', udid: UDID, batchId: null, state: 'succeeded' });
    expect(r.get(UDID)).toMatchObject({ state: 'ready', code: null, stateDetail: null });
  });
});
