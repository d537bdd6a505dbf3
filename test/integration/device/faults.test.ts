import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError } from '../../../electron/device/errors.js';
import { McInstall } from '../../../electron/device/services/mcinstall.js';
import { PlistServiceConnection } from '../../../electron/device/services/service-connection.js';
import { MCINSTALL_SERVICE_NAME } from '../../../electron/device/services/mcinstall.js';
import { startHarness, TRANSPORTS, type Harness } from './setup.js';

describe.each(TRANSPORTS)('fault modes over %s', (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ transport, devices: 3 });
    for (const u of h.udids) await h.layer.ensurePaired(u);
  }, 120_000);
  afterEach(async () => {
    await h.cart.clearFaults();
  });
  afterAll(async () => h?.close());

  it('turns a malformed plist into PROTOCOL', async () => {
    const udid = h.udids[0]!;
    await h.cart.fault({ kind: 'malformed-plist', udid, request: 'GetProfileList' });
    await expect(h.layer.withMcInstall(udid, (mc) => mc.getProfileList())).rejects.toMatchObject({ code: 'PROTOCOL', udid });
  });

  it('turns a truncated frame into a typed error', async () => {
    const udid = h.udids[0]!;
    await h.cart.fault({ kind: 'truncated-plist', udid, request: 'GetCloudConfiguration' });
    const err = await h.layer.withMcInstall(udid, (mc) => mc.getCloudConfiguration()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: expect.stringMatching(/^(PROTOCOL|DEVICE_GONE|TIMEOUT)$/) });
  });

  it('turns a connection dropped mid-TLS into a typed error', async () => {
    const udid = h.udids[1]!;
    // The session kept from pairing (lockdown.ts keepAsSession) would serve the rename: make it handshake.
    await h.layer.context.connections?.dropDevice(udid);
    await h.cart.fault({ kind: 'drop-tls', udid });
    const err = await h.layer.rename(udid, 'never').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: expect.stringMatching(/^(PROTOCOL|DEVICE_GONE)$/), udid });
    expect((await h.cart.device(udid)).name).not.toBe('never');
  });

  it('turns a slow reply into TIMEOUT without blocking the event loop', async () => {
    const udid = h.udids[1]!;
    await h.cart.fault({ kind: 'slow-reply', udid, request: 'GetProfileList', delayMs: 20_000 });
    const conn = await PlistServiceConnection.open(h.layer.context, udid, MCINSTALL_SERVICE_NAME);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 100);
    try {
      await expect(conn.request({ RequestType: 'GetProfileList' }, { timeoutMs: 3000 })).rejects.toMatchObject({ code: 'TIMEOUT', udid });
    } finally {
      clearInterval(timer);
      await conn.close();
    }
    expect(ticks).toBeGreaterThan(10);
  });

  it('tells a caller whose connection was closed because the device left DEVICE_GONE, mid-reply and after', async () => {
    const udid = h.udids[1]!;
    await h.cart.fault({ kind: 'slow-reply', udid, request: 'GetProfileList', delayMs: 20_000 });
    const conn = await PlistServiceConnection.open(h.layer.context, udid, MCINSTALL_SERVICE_NAME);
    const gone = new DeviceError('DEVICE_GONE', { udid });
    const waiting = conn.request({ RequestType: 'GetProfileList' }, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 1500)); // past the first receive slice
    await conn.close(gone);
    // Without a reason the addon's HANDLE_CLOSED would reach the job as INTERNAL, a "bug".
    await expect(waiting).rejects.toBe(gone);
    await expect(conn.request({ RequestType: 'GetProfileList' })).rejects.toBe(gone);
  });

  it('surfaces an unplug mid-request as DEVICE_GONE within a few seconds', async () => {
    const udid = h.udids[2]!;
    const mc = await McInstall.open(h.layer.context, udid);
    await h.cart.fault({ kind: 'unplug', udid, request: 'GetProfileList' });
    const started = Date.now();
    await expect(mc.getProfileList()).rejects.toMatchObject({ code: 'DEVICE_GONE', udid });
    expect(Date.now() - started).toBeLessThan(10_000);
    await mc.close();
    await h.cart.act(udid, 'plug');
    await expect.poll(() => h.layer.watcher.isAttached(udid), { timeout: 30_000 }).toBe(true);
  });

  it('keeps working afterwards', async () => {
    const snaps = await Promise.all(h.udids.map((u) => h.layer.snapshot(u)));
    expect(snaps.map((s) => s.udid)).toEqual(h.udids);
  });
});
