/**
 * Plists cross the addon as JS values (native/src/plist_js.h): what the station sets comes back
 * the same through the real addon and libimobiledevice's own encoding on the wire, and the
 * connections a device layer keeps are reused, not reopened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLockdown } from '../../../electron/device/lockdown.js';
import { startHarness, type Harness } from './setup.js';

describe('plist values through the addon', () => {
  let h: Harness;
  let udid: string;
  beforeAll(async () => {
    h = await startHarness({ transport: 'tcp', devices: 1 });
    udid = h.udids[0]!;
    await h.layer.ensurePaired(udid);
  }, 120_000);
  afterAll(async () => h?.close());

  it('sends and reads back every plist type as the same JS value', async () => {
    const value = {
      text: 'Grüße, 日本 ✓',
      empty: '',
      small: -42,
      large: 2 ** 40,
      real: 1.5,
      yes: true,
      no: false,
      // XML plists on the wire carry whole seconds.
      when: new Date('2026-01-02T03:04:05Z'),
      bytes: Buffer.from([0, 1, 2, 250, 255]),
      list: [1, 'two', [3], { four: 4 }],
      nested: { deeper: { deepest: 'yes' } },
      dropped: undefined,
      alsoDropped: null,
    };
    const back = await withLockdown(h.layer.context, udid, async (ld) => {
      await ld.setValue('com.cartwright.test', 'Values', value);
      return ld.getValue('com.cartwright.test', 'Values');
    });
    const { dropped: _d, alsoDropped: _a, ...sent } = value;
    expect(back).toEqual(sent);
    expect(Buffer.isBuffer((back as { bytes: unknown }).bytes)).toBe(true);
    expect((back as { when: unknown }).when).toBeInstanceOf(Date);
  });

  it('hands over only the listed members of a whole domain, from one GetValue', async () => {
    const { all, picked, ownKeys } = await withLockdown(h.layer.context, udid, async (ld) => {
      await ld.setValue('com.cartwright.test', 'Extra', 'x');
      return {
        all: (await ld.getValue(null, null)) as Record<string, unknown>,
        picked: (await ld.getValue(null, null, ['ProductType', 'SerialNumber', 'NoSuchKey'])) as Record<string, unknown>,
        ownKeys: await ld.getValue('com.cartwright.test', null, ['Extra']),
      };
    });
    expect(Object.keys(all).length).toBeGreaterThan(3);
    expect(picked).toEqual({ ProductType: all.ProductType, SerialNumber: all.SerialNumber });
    expect(ownKeys).toEqual({ Extra: 'x' });
  });

  it('refuses a value a plist cannot hold before anything is sent', async () => {
    const refused = withLockdown(h.layer.context, udid, (ld) => ld.setValue('com.cartwright.test', 'Bad', { f: () => 1 }));
    await expect(refused).rejects.toMatchObject({ code: 'INTERNAL', cause: { message: expect.stringMatching(/not a property-list value/) } });
    // The session is unharmed.
    expect(await withLockdown(h.layer.context, udid, (ld) => ld.getValue(null, 'DeviceName'))).toEqual(expect.any(String));
  });

  it('serves one step chain on one lockdown session and one MCInstall connection', async () => {
    await h.cart.resetCounters();
    for (let i = 0; i < 3; i++) await h.layer.snapshot(udid);
    await h.layer.rename(udid, 'Pool Test');
    const c = (await h.cart.counters()).devices[udid]!;
    // The session the pairing check opened is still the device's: no new one for the reads.
    expect(c.lockdownSessions).toBe(0);
    expect(c.serviceStarts).toBeLessThanOrEqual(1);
  });
});
