import { describe, expect, it } from 'vitest';
import type { KioskDeviceRef, PickView } from '../../../electron/api/index.js';
import { initialKiosk, kioskReducer, pickAction, type KioskStep } from '../../../renderer/src/kiosk/kiosk-machine.js';


const ipad: KioskDeviceRef = { udid: 'U-IPAD', slot: 3, name: 'Cart-03', model: 'iPad' };
const other: KioskDeviceRef = { udid: 'U-OTHER', slot: 5, name: 'Cart-05', model: 'iPad' };
const user = { username: 'alee', displayName: 'Ann Lee' };
const take: KioskStep = { step: 'take', user, device: ipad, pickId: 'p1', warning: null };

function pick(change: Partial<PickView>): PickView {
  return { pickId: 'p1', state: 'waiting', user, device: ipad, took: null, message: null, checkoutId: null, dueAt: null, ...change };
}

const after = (p: PickView, from: KioskStep = take) => kioskReducer(from, pickAction(p));

describe('the kiosk following its pick', () => {
  it('says taken only when the station recorded the check-out', () => {
    expect(after(pick({ state: 'taken', checkoutId: 7 }))).toEqual({ step: 'taken', user, device: ipad });
  });

  it('never says taken for a check-out whose recording failed: the pick is cancelled and the person told', () => {
    const failed = after(pick({ state: 'cancelled', message: 'The check-out could not be recorded: disk I/O error' }));
    expect(failed).toEqual({ step: 'failed', error: { code: 'CONFLICT', message: 'The check-out could not be recorded: disk I/O error', remedy: 'Scan your badge again.' } });
  });

  it('shows the wrong-device warning, clears it once the device is put back, and shows a swap as taken', () => {
    const warned = after(pick({ state: 'wrong-device', message: 'That is not your device: put it back in slot 5.' }));
    expect(warned).toEqual({ ...take, warning: 'That is not your device: put it back in slot 5.' });
    expect(after(pick({ state: 'waiting', message: 'Thank you. Now take the device from slot 3.' }), warned)).toEqual(take);
    expect(after(pick({ state: 'swapped', device: other, message: 'You took slot 5; it is yours.' }))).toEqual({ step: 'taken', user, device: other, note: 'You took slot 5; it is yours.' });
  });

  it('fails a lapsed pick with the station’s sentence', () => {
    expect(after(pick({ state: 'expired', message: 'Nobody took the device in time; scan your badge again.' }))).toMatchObject({ step: 'failed', error: { message: 'Nobody took the device in time; scan your badge again.' } });
  });

  it('leaves other steps alone (a late event of an earlier pick)', () => {
    for (const state of [initialKiosk, { step: 'return', user, device: ipad } as KioskStep]) {
      expect(after(pick({ state: 'taken' }), state)).toBe(state);
    }
  });
});
