/**
 * How much protocol work `cartwright prepare` costs each device, counted by the virtual cart
 * itself (GET /counters, test/emulator/protocol-counters.ts): a regression that opens more
 * usbmuxd connections, lockdown sessions or TLS handshakes per device fails here. Counts, not
 * timings: they do not depend on the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolCountersView } from '../../emulator/protocol-counters.js';
import { StationHarness, prepareSummary, type PrepareJson } from '../staging/harness.js';

const DEVICES = 3;

// Per device, for one `cartwright prepare --all` of an out-of-the-box device (pair, inspect,
// activation, supervise, escalate, enroll, rename, report, verify), station start-up included,
// as measured on 2026-12-03 (the Prepare batch at the last commit took 91 usbmuxd connections,
// 19 sessions, 19 handshakes and 10 service starts per device: bench results 2026-12-03-before-quick.json;
// with the per-device connection pool, electron/device/connection-pool.ts: 15, 1, 1 and 5 — two
// MCInstall connections, the pooled one and the escalated one, and three mobileactivationd ones,
// one per command as pymobiledevice3 and go-ios open them).
// Lower these when the station needs fewer.
const MAX_MUX_CONNECTIONS_PER_DEVICE = 15;
const MAX_LOCKDOWN_SESSIONS_PER_DEVICE = 1;
const MAX_TLS_HANDSHAKES_PER_DEVICE = 1;
const MAX_SERVICE_STARTS_PER_DEVICE = 5;

describe(`protocol work per device of cartwright prepare on ${DEVICES} devices (cart counters)`, () => {
  const h = new StationHarness({ devices: DEVICES, seed: `conn-counts-${Date.now()}` });
  let result: PrepareJson;
  let counters: ProtocolCountersView;

  beforeAll(async () => {
    await h.start(1, DEVICES);
    // Counted from here: the prepare command alone, not the harness's identity and slot set-up.
    await h.cart.resetCounters();
    const r = await h.cli(h.prepareArgs());
    if (r.code !== 0) throw new Error(`prepare failed (${r.code}): ${r.stdout}${r.stderr}`);
    result = prepareSummary(r.stdout);
    counters = await h.cart.counters();
  }, 240_000);
  afterAll(() => h.dispose());

  it('prepares every device', () => {
    expect(result.jobs.map((j) => j.state)).toEqual(Array.from({ length: DEVICES }, () => 'succeeded'));
    expect(Object.keys(counters.devices).sort()).toEqual(result.jobs.map((j) => j.udid).sort());
  });

  it('stays within the usbmuxd connections, lockdown sessions, TLS handshakes and service starts per device it needs today', () => {
    for (const [udid, c] of Object.entries(counters.devices)) {
      // Every figure in each message, so lowering a constant needs no second run.
      const all = `${udid} ${JSON.stringify(c)}`;
      expect(c.muxConnections, `${all}: usbmuxd connections`).toBeLessThanOrEqual(MAX_MUX_CONNECTIONS_PER_DEVICE);
      expect(c.lockdownSessions, `${all}: lockdown sessions`).toBeLessThanOrEqual(MAX_LOCKDOWN_SESSIONS_PER_DEVICE);
      expect(c.tlsHandshakes, `${all}: TLS handshakes`).toBeLessThanOrEqual(MAX_TLS_HANDSHAKES_PER_DEVICE);
      expect(c.serviceStarts, `${all}: service starts`).toBeLessThanOrEqual(MAX_SERVICE_STARTS_PER_DEVICE);
      // Every session the station opened was a TLS one (lockdownd requires it), so the two move together.
      expect(c.tlsHandshakes, `${all}: handshakes vs sessions`).toBe(c.lockdownSessions);
    }
  });
});
