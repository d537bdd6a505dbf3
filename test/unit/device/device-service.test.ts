import { describe, expect, it } from 'vitest';
import type { DeviceContext } from '../../../electron/device/context.js';
import { withService, type DeviceService } from '../../../electron/device/services/device-service.js';
import { Diagnostics } from '../../../electron/device/services/diagnostics.js';
import { McInstall } from '../../../electron/device/services/mcinstall.js';
import { MobileActivation } from '../../../electron/device/services/mobile-activation.js';

/** A client type at the seam withService uses: it records what happened to the one it opened. */
function recordingType() {
  const log: string[] = [];
  class Recording implements DeviceService {
    static readonly serviceName = 'com.example.recording';
    constructor(readonly udid: string) {}
    static async open(_ctx: DeviceContext, udid: string) {
      log.push(`open ${udid}`);
      return new Recording(udid);
    }
    async close() {
      log.push('close');
    }
  }
  return { type: Recording, log };
}

const ctx = {} as DeviceContext;

describe('withService', () => {
  it('opens the service for the device, runs the work and closes it', async () => {
    const { type, log } = recordingType();
    await expect(withService(ctx, 'U1', type, async (s) => `used ${s.udid}`)).resolves.toBe('used U1');
    expect(log).toEqual(['open U1', 'close']);
  });

  it('closes it when the work fails, and passes the failure on', async () => {
    const { type, log } = recordingType();
    await expect(
      withService(ctx, 'U2', type, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(log).toEqual(['open U2', 'close']);
  });

  it('gives every client its lockdown service name', () => {
    expect([McInstall.serviceName, Diagnostics.serviceName, MobileActivation.serviceName]).toEqual([
      'com.apple.mobile.MCInstall',
      'com.apple.mobile.diagnostics_relay',
      'com.apple.mobileactivationd',
    ]);
  });
});
