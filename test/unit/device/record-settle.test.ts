import { describe, expect, it } from 'vitest';
import { chooseRecord } from '../../../electron/device/record-settle.js';

const ours = 'AAAAAAAA-0000-4000-8000-000000000001';
const theirs = 'BBBBBBBB-0000-4000-8000-000000000002';

describe('chooseRecord: what to do with the record usbmuxd holds after our SavePairRecord', () => {
  it('keeps our own record without asking the device anything', () => {
    expect(chooseRecord({ storedHostId: ours, ourHostId: ours })).toBe('keep');
  });

  it('asks the device first when usbmuxd holds another record (or none)', () => {
    expect(chooseRecord({ storedHostId: theirs, ourHostId: ours })).toBe('ask-device');
    expect(chooseRecord({ storedHostId: null, ourHostId: ours })).toBe('ask-device');
  });

  it('saves ours again while the device still knows it', () => {
    expect(chooseRecord({ storedHostId: theirs, ourHostId: ours, deviceKnowsOurs: true })).toBe('re-save-ours');
    expect(chooseRecord({ storedHostId: null, ourHostId: ours, deviceKnowsOurs: true })).toBe('re-save-ours');
  });

  it("adopts usbmuxd's record only when the device forgot ours and a session with theirs works", () => {
    expect(chooseRecord({ storedHostId: theirs, ourHostId: ours, deviceKnowsOurs: false })).toBe('check-stored');
    expect(chooseRecord({ storedHostId: theirs, ourHostId: ours, deviceKnowsOurs: false, storedWorks: true })).toBe('adopt-stored');
    expect(chooseRecord({ storedHostId: theirs, ourHostId: ours, deviceKnowsOurs: false, storedWorks: false })).toBe('give-up');
  });

  it('gives up when nothing usable is left', () => {
    expect(chooseRecord({ storedHostId: null, ourHostId: ours, deviceKnowsOurs: false })).toBe('give-up');
  });
});
