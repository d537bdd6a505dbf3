/**
 * How much protocol work `cartwright prepare` costs each device, counted by the virtual cart
 * itself (GET /counters, test/emulator/protocol-counters.ts): a regression that opens more
 * usbmuxd connections, lockdown sessions or TLS handshakes per device fails here. Counts, not
 * timings: they do not depend on the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTotal, type ProtocolCountersView } from '../../emulator/protocol-counters.js';
import { StationHarness, prepareSummary, type PrepareJson } from '../staging/harness.js';

const DEVICES = 3;

// Per device, for one `cartwright prepare --all` of an out-of-the-box device (pair, inspect,
// activation, supervise, escalate, enroll, rename, report, verify), station start-up included,
// as measured on 2026-12-03 (the Prepare batch at the last commit took 91 usbmuxd connections,
// 19 sessions, 19 handshakes and 10 service starts per device: bench results 2026-12-03-before-quick.json;
// with the per-device connection pool, electron/device/connection-pool.ts: 15, 1, 1 and 5 — two
// MCInstall connections, the pooled one and the escalated one, and three mobileactivationd ones,
// one per command as pymobiledevice3 and go-ios open them).
// On 2026-12-04, 14 usbmuxd connections per device: 3 lockdown tunnels (the plain read at attach,
// the plain one for Pair, the pooled session), 5 service tunnels, 5 pair-record reads (attach,
// ensurePaired, record-settle, the addon's own before the handshake, libimobiledevice's for the
// session's TLS keys) and the SavePairRecord. Now one lockdown connection serves all three: the
// plain connection is pooled too, Pair goes out on the one that read, and the session starts on
// the one that paired (lockdown.ts keepAsSession, device-connections.ts; libimobiledevice's
// lockdownd_client_new_with_handshake and pymobiledevice3's _handle_autopair do the same), which
// also spares the handshake's own pair-record read: 11 (1 lockdown tunnel, 5 service tunnels, 4
// pair-record reads, 1 SavePairRecord). The two MCInstall connections stay: the second is the job's
// escalated one (electron/station/escalated-sessions.ts; escalation belongs to its connection).
// Lower these when the station needs fewer.
const MAX_MUX_CONNECTIONS_PER_DEVICE = 11;
const MAX_LOCKDOWN_TUNNELS_PER_DEVICE = 1;
const MAX_PAIR_RECORD_READS_PER_DEVICE = 4;
const MAX_LOCKDOWN_SESSIONS_PER_DEVICE = 1;
const MAX_TLS_HANDSHAKES_PER_DEVICE = 1;
const MAX_SERVICE_STARTS_PER_DEVICE = 5;

// The requests on those connections, per device, same run. Each full facts read is four: lockdown
// GetValue of the whole domain, GetValue of the battery domain, MCInstall GetCloudConfiguration and
// GetProfileList. Until 2026-12-04 each Prepare step that changed the device read them all again
// (7 full reads: pair, activation, supervise, enroll, rename, verify, and the station's own read
// when pairing ends), 33 lockdown requests (22 GetValue, 8 of the whole domain, 7 of the battery)
// and 20 MCInstall requests (7 GetCloudConfiguration, 7 GetProfileList). Now the facts are read
// once per step chain and steps keep them true (electron/staging/steps/context.ts): activation
// re-reads ActivationState alone, supervise GetCloudConfiguration alone, rename and the silent
// install remember what the device confirmed, verify reads everything again, and the station's
// own read when pairing ends is left to the job that paired (electron/station/device-service.ts).
// 2 full reads left (pair, verify) plus the sessionless one at attach: 24 lockdown requests (13
// GetValue, 3 of the whole domain, 2 of the battery), 11 MCInstall requests (3
// GetCloudConfiguration, 2 GetProfileList), and still no diagnostics_relay request. With the
// session started on the connection that paired (above) its handshake's QueryType and GetValue
// ProductVersion go too (the addon keeps the ProductVersion the attach read saw on the device,
// native/src/lockdown_handshake.h RememberProductVersion): 22 lockdown requests, 12 GetValue.
const MAX_LOCKDOWN_REQUESTS_PER_DEVICE = 22;
const MAX_GETVALUES_PER_DEVICE = 12;
const MAX_WHOLE_DOMAIN_GETVALUES_PER_DEVICE = 3;
const MAX_BATTERY_GETVALUES_PER_DEVICE = 2;
const MAX_MCINSTALL_REQUESTS_PER_DEVICE = 11;
const MAX_CLOUD_CONFIGURATION_READS_PER_DEVICE = 3;
const MAX_PROFILE_LIST_READS_PER_DEVICE = 2;
const MAX_DIAGNOSTICS_REQUESTS_PER_DEVICE = 0;

// usbmuxd ListDevices, whose reply lists the whole cart (~22 KB at 32 devices, ~70 KB at 100), so
// each one per device costs both sides O(N). It names no device, so the cart counts it per run
// (muxRequests). On 2026-12-04: 4 per device plus 2 per run (14 at 3 devices): libimobiledevice's
// idevice_new lists for every lockdown connection (1.3.0 src/idevice.c idevice_new_with_options ->
// libusbmuxd 2.0 src/libusbmuxd.c usbmuxd_get_device -> usbmuxd_get_device_list): 3 per device
// (the plain read at attach, the plain connection for Pair, the pooled session); pairing listed
// once more for the DeviceID its SavePairRecord needs; once per run the station's ready() and the
// batched port lookup at attach (port-identity.ts). Pairing now takes the DeviceID from the
// watcher's ADD (watcher.ts usbDeviceId): 3 per device plus 2 per run (11 at 3 devices). The
// addon now keeps one idevice_t per attached UDID (an idevice_t is only the UDID, DeviceID and
// connection type, and every connect on it opens a fresh usbmuxd Connect: 1.3.0 src/idevice.c
// idevice_from_mux_device, idevice_connect), dropped on that UDID's ADD/REMOVE
// (native/src/device_cache.h): 1 per device plus 2 per run (5 at 3 devices; 11-12 before). The
// cache is now filled from the ADD itself, built as libimobiledevice builds an idevice_t from a
// listing (1.3.0 src/idevice.c idevice_from_mux_device), so not even a device's first connection
// lists: none per device, 2 per run.
const MAX_LIST_DEVICES_PER_DEVICE = 0;
// Per run: the station's ready() and the batched port lookup at attach, and now and then a third
// (not traced yet; the watcher's reconcile is the likely one), so 3 rather than a flaky 2.
const MAX_LIST_DEVICES_PER_RUN = 3;

// usbmuxd ReadBUID, which names no device either. On 2026-12-04 2 per device: pairing's own read
// for the record's SystemBUID and libimobiledevice's inside StartSession (1.3.0 src/lockdown.c
// lockdownd_start_session, userpref_read_system_buid). The station now reads it once per run and
// keeps it a minute (transport.ts cachedBuid): 1 per device (the library's) plus 1 per run.
const MAX_READ_BUIDS_PER_DEVICE = 1;
const MAX_READ_BUIDS_PER_RUN = 1;

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
      expect(c.tunnels.lockdown, `${all}: lockdown tunnels`).toBeLessThanOrEqual(MAX_LOCKDOWN_TUNNELS_PER_DEVICE);
      expect(c.pairRecordReads, `${all}: pair-record reads`).toBeLessThanOrEqual(MAX_PAIR_RECORD_READS_PER_DEVICE);
      expect(c.lockdownSessions, `${all}: lockdown sessions`).toBeLessThanOrEqual(MAX_LOCKDOWN_SESSIONS_PER_DEVICE);
      expect(c.tlsHandshakes, `${all}: TLS handshakes`).toBeLessThanOrEqual(MAX_TLS_HANDSHAKES_PER_DEVICE);
      expect(c.serviceStarts, `${all}: service starts`).toBeLessThanOrEqual(MAX_SERVICE_STARTS_PER_DEVICE);
      // Every session the station opened was a TLS one (lockdownd requires it), so the two move together.
      expect(c.tlsHandshakes, `${all}: handshakes vs sessions`).toBe(c.lockdownSessions);
    }
  });

  it('asks usbmuxd for the whole device list and the host BUID a fixed number of times per device, never per device in a loop', () => {
    const lists = counters.muxRequests.ListDevices ?? 0;
    expect(lists, `${JSON.stringify(counters.muxRequests)}: ListDevices for ${DEVICES} devices`).toBeLessThanOrEqual(
      MAX_LIST_DEVICES_PER_DEVICE * DEVICES + MAX_LIST_DEVICES_PER_RUN,
    );
    const buids = counters.muxRequests.ReadBUID ?? 0;
    expect(buids, `${JSON.stringify(counters.muxRequests)}: ReadBUID for ${DEVICES} devices`).toBeLessThanOrEqual(
      MAX_READ_BUIDS_PER_DEVICE * DEVICES + MAX_READ_BUIDS_PER_RUN,
    );
  });

  it('reads each device\'s facts once per step chain: lockdown, MCInstall and diagnostics requests per device', () => {
    for (const [udid, c] of Object.entries(counters.devices)) {
      const all = `${udid} ${JSON.stringify({ lockdown: c.lockdownRequests, mcinstall: c.mcinstallRequests, diagnostics: c.diagnosticsRequests })}`;
      const getValues = Object.entries(c.lockdownRequests).reduce((n, [key, count]) => (key.startsWith('GetValue') ? n + count : n), 0);
      expect(requestTotal(c.lockdownRequests), `${all}: lockdown requests`).toBeLessThanOrEqual(MAX_LOCKDOWN_REQUESTS_PER_DEVICE);
      expect(getValues, `${all}: GetValue requests`).toBeLessThanOrEqual(MAX_GETVALUES_PER_DEVICE);
      expect(c.lockdownRequests['GetValue *'] ?? 0, `${all}: whole-domain GetValue`).toBeLessThanOrEqual(MAX_WHOLE_DOMAIN_GETVALUES_PER_DEVICE);
      expect(c.lockdownRequests['GetValue com.apple.mobile.battery/*'] ?? 0, `${all}: battery GetValue`).toBeLessThanOrEqual(MAX_BATTERY_GETVALUES_PER_DEVICE);
      expect(requestTotal(c.mcinstallRequests), `${all}: MCInstall requests`).toBeLessThanOrEqual(MAX_MCINSTALL_REQUESTS_PER_DEVICE);
      expect(c.mcinstallRequests.GetCloudConfiguration ?? 0, `${all}: GetCloudConfiguration`).toBeLessThanOrEqual(MAX_CLOUD_CONFIGURATION_READS_PER_DEVICE);
      expect(c.mcinstallRequests.GetProfileList ?? 0, `${all}: GetProfileList`).toBeLessThanOrEqual(MAX_PROFILE_LIST_READS_PER_DEVICE);
      expect(requestTotal(c.diagnosticsRequests), `${all}: diagnostics requests`).toBeLessThanOrEqual(MAX_DIAGNOSTICS_REQUESTS_PER_DEVICE);
    }
  });
});
