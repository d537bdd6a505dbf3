import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskController } from '../../../electron/shell/kiosk-controller.js';
import { KioskPinGuard, hashPin, verifyPin } from '../../../electron/shell/kiosk-pin.js';
import { KioskPinStore } from '../../../electron/shell/kiosk-pin-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('kiosk admin PIN', () => {
  it('is stored as a salted scrypt hash, never as the PIN', () => {
    const a = hashPin('482915');
    const b = hashPin('482915');
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toContain('482915');
    expect(a).not.toBe(b);
    expect(verifyPin('482915', a)).toBe(true);
    expect(verifyPin('482916', a)).toBe(false);
    expect(verifyPin('', a)).toBe(false);
    expect(verifyPin('482915', 'plain$482915')).toBe(false);
  });

  it('must be 4 to 12 digits', () => {
    for (const bad of ['123', 'abcd', '12345678901234', '12 34']) expect(() => hashPin(bad)).toThrow(/4 to 12 digits/);
  });

  it('slows guessing: locked after 5 wrong PINs, doubling, reset by the right one', () => {
    let t = 1_000_000;
    const stored = hashPin('2468');
    const guard = new KioskPinGuard(() => stored, () => t);
    for (let i = 0; i < 4; i++) expect(guard.attempt('0000')).toEqual({ ok: false, reason: 'wrong' });
    expect(guard.attempt('0000')).toEqual({ ok: false, reason: 'locked', retryInMs: 30_000 });
    expect(guard.attempt('2468')).toMatchObject({ ok: false, reason: 'locked' }); // even the right PIN waits
    t += 30_001;
    expect(guard.attempt('0000')).toEqual({ ok: false, reason: 'locked', retryInMs: 60_000 });
    t += 60_001;
    expect(guard.attempt('2468')).toEqual({ ok: true });
    expect(guard.attempt('0000')).toEqual({ ok: false, reason: 'wrong' });
  });

  it('the store writes an owner-only file with the hash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-pin-'));
    dirs.push(dir);
    const store = new KioskPinStore(dir);
    expect(store.read()).toBeNull();
    store.set('1357');
    const text = readFileSync(store.file, 'utf8');
    expect(text).not.toContain('1357');
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(verifyPin('1357', store.read() ?? '')).toBe(true);
  });

  it('kiosk mode needs a PIN to enter and the PIN to leave', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-pin-'));
    dirs.push(dir);
    const applied: boolean[] = [];
    const kiosk = new KioskController(new KioskPinStore(dir), { apply: (on) => applied.push(on) });
    expect(() => kiosk.enter()).toThrow(/Set the admin PIN/);
    kiosk.setPin('8642');
    expect(kiosk.enter()).toBe(true);
    expect(kiosk.isActive).toBe(true);
    expect(() => kiosk.setPin('1111')).toThrow(/cannot be changed from the kiosk/);
    expect(kiosk.exit('1111')).toBe(false);
    expect(kiosk.isActive).toBe(true);
    expect(kiosk.exit('8642')).toBe(true);
    expect(kiosk.isActive).toBe(false);
    expect(applied).toEqual([true, false]);
  });
});
