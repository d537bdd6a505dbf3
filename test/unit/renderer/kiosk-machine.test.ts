import { describe, expect, it } from 'vitest';
import type { ApiError, KioskCredential, KioskDeviceRef, KioskUser } from '../../../electron/api/index.js';
import { idleTimeoutMs, initialKiosk, kioskReducer, type KioskAction, type KioskStep } from '../../../renderer/src/kiosk/kiosk-machine.js';

const user: KioskUser = { username: 'alee', displayName: 'Ann Lee' };
const credential: KioskCredential = { badge: '0042', pin: '2468' };
const ipad: KioskDeviceRef = { udid: 'U-IPAD', slot: 3, name: 'Cart-03', model: 'iPad' };
const other: KioskDeviceRef = { udid: 'U-OTHER', slot: 5, name: 'Cart-05', model: 'iPad' };
const refused: ApiError = { code: 'UNAUTHORIZED', message: 'That badge is not known.' };

function run(actions: KioskAction[], from: KioskStep = initialKiosk): KioskStep {
  return actions.reduce(kioskReducer, from);
}

const take: KioskStep = { step: 'take', user, device: ipad, pickId: 'p1', warning: null };
const giveBack: KioskStep = { step: 'return', user, device: ipad };

describe('the kiosk machine', () => {
  it('walks a badge-and-PIN check-out from scan to taken', () => {
    const steps: KioskStep[] = [];
    let state = initialKiosk;
    for (const action of [
      { type: 'badge-scanned', badge: '0042' },
      { type: 'busy', what: 'Checking your badge…' },
      { type: 'identified', credential, user, holding: [], canCheckOut: true },
      { type: 'assigned', user, device: ipad, pickId: 'p1' },
      { type: 'taken' },
    ] satisfies KioskAction[]) {
      state = kioskReducer(state, action);
      steps.push(state);
    }
    expect(steps.map((s) => s.step)).toEqual(['badge-pin', 'busy', 'choose', 'take', 'taken']);
    expect(steps[0]).toEqual({ step: 'badge-pin', badge: '0042' });
    expect(steps[2]).toEqual({ step: 'choose', credential, user, holding: [], canCheckOut: true });
    expect(steps[3]).toEqual(take);
    expect(state).toEqual({ step: 'taken', user, device: ipad });
  });

  it('walks a return from the chosen device to returned', () => {
    const state = run([{ type: 'use-pin' }, { type: 'identified', credential, user, holding: [ipad], canCheckOut: false }, { type: 'return-to', user, device: ipad }, { type: 'device-back' }]);
    expect(state).toEqual({ step: 'returned', user, device: ipad });
  });

  it('keeps the pick’s warning on the take step and clears it with the next one', () => {
    const warned = kioskReducer(take, { type: 'pick-warning', warning: 'That is not your device: put it back in slot 4.' });
    expect(warned).toEqual({ ...take, warning: 'That is not your device: put it back in slot 4.' });
    expect(kioskReducer(warned, { type: 'pick-warning', warning: null })).toEqual(take);
  });

  it('shows the device actually taken when the station swapped a ready one in', () => {
    expect(kioskReducer(take, { type: 'swapped', device: other, note: 'You took the iPad in slot 5 instead.' })).toEqual({ step: 'taken', user, device: other, note: 'You took the iPad in slot 5 instead.' });
  });

  it('ignores cart events that do not belong to the step on screen', () => {
    // A late event from an earlier person's pick must not move the next person's screen.
    const elsewhere: KioskStep[] = [initialKiosk, { step: 'pin' }, { step: 'busy', what: 'x' }, giveBack, { step: 'failed', error: refused }];
    for (const state of elsewhere) {
      expect(kioskReducer(state, { type: 'taken' })).toBe(state);
      expect(kioskReducer(state, { type: 'pick-warning', warning: 'w' })).toBe(state);
      expect(kioskReducer(state, { type: 'swapped', device: other, note: null })).toBe(state);
    }
    for (const state of [initialKiosk, take, { step: 'taken', user, device: ipad } as KioskStep]) {
      expect(kioskReducer(state, { type: 'device-back' })).toBe(state);
    }
  });

  it('fails from any step and starts over with reset', () => {
    for (const state of [initialKiosk, take, giveBack, { step: 'badge-pin', badge: '1' } as KioskStep]) {
      const failed = kioskReducer(state, { type: 'failed', error: refused });
      expect(failed).toEqual({ step: 'failed', error: refused });
      expect(kioskReducer(failed, { type: 'reset' })).toEqual(initialKiosk);
    }
  });

  it('times out idle steps, never the scan or a request in flight', () => {
    expect(idleTimeoutMs('scan')).toBeNull();
    expect(idleTimeoutMs('busy')).toBeNull();
    // The outcome screens go back quickly; walking to the cart gets longer than typing a PIN.
    const done = ['taken', 'returned', 'failed'] as const;
    const walking = ['take', 'return'] as const;
    const typing = ['pin', 'badge-pin', 'choose'] as const;
    for (const s of done) expect(idleTimeoutMs(s)).toBe(8_000);
    for (const s of walking) expect(idleTimeoutMs(s)).toBe(120_000);
    for (const s of typing) expect(idleTimeoutMs(s)).toBe(45_000);
  });
});
