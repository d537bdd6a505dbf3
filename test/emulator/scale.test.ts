import { describe, expect, it } from 'vitest';
import { startVirtualCart } from './index.js';
import { freshSeed, tool } from './test-helpers.js';

describe('scale', () => {
  it('starts 100 devices quickly, with sane identities and slots, and lists them all', async () => {
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const cart = await startVirtualCart({ devices: 100, seed: freshSeed(), listen: '127.0.0.1:0' });
    const elapsed = Date.now() - started;
    try {
      // Spec: under 2 s; generous here because CI machines are shared and noisy.
      expect(elapsed).toBeLessThan(2000);
      const devices = cart.devices();
      expect(new Set(devices.map((d) => d.udid)).size).toBe(100);
      expect(new Set(devices.map((d) => d.locationId)).size).toBe(100);
      expect(new Set(devices.map((d) => d.deviceId)).size).toBe(100);
      for (const d of devices) {
        expect(d.udid).toMatch(/^([0-9A-F]{8}-[0-9A-F]{16}|[0-9a-f]{40})$/);
        expect(d.imei === null || /^\d{15}$/.test(d.imei)).toBe(true);
        if (d.productType.startsWith('iPhone')) expect(d.imei).not.toBeNull();
        expect(Number.parseInt(d.productVersion, 10)).toBeGreaterThanOrEqual(15);
        // Out of the box: at Hello, not activated yet.
        expect(d).toMatchObject({ activationState: 'Unactivated', supervised: false, pairedHostIds: [], passcode: false, profiles: [] });
      }
      const list = await tool(cart, 'idevice_id', ['-l']);
      expect(list.stdout.trim().split('\n')).toHaveLength(100);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
    } finally {
      await cart.stop();
    }
  });

  it('the same seed gives the same cart', async () => {
    const seed = freshSeed();
    const a = await startVirtualCart({ devices: 5, seed });
    const b = await startVirtualCart({ devices: 5, seed });
    try {
      const pick = (c: typeof a) => c.devices().map((d) => [d.udid, d.serial, d.productType, d.productVersion, d.locationId]);
      expect(pick(a)).toEqual(pick(b));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
