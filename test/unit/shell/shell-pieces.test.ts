import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostedCommands, type DeviceSummary, type StationEvent } from '../../../electron/api/index.js';
import { isAppUrl } from '../../../electron/shell/app-origin.js';
import { appProtocolHandler } from '../../../electron/shell/app-protocol.js';
import { buildBridge } from '../../../electron/shell/bridge.js';
import { DeviceTally, badgeText, trayTooltip } from '../../../electron/shell/device-tally.js';
import { CHANNEL, commandChannel } from '../../../electron/shell/ipc-channels.js';
import { NotificationPolicy } from '../../../electron/shell/notification-policy.js';
import { SafeStorageSealer } from '../../../electron/shell/safe-storage-sealer.js';
import { device } from '../server/fake-handlers.js';

describe('the preload bridge', () => {
  it('exposes one function per command, each bound to its own channel, and nothing generic', async () => {
    const invoked: unknown[][] = [];
    const bridge = buildBridge({ invoke: async (...a: unknown[]) => invoked.push(a), on: () => undefined, removeListener: () => undefined });
    expect(Object.keys(bridge.commands).sort()).toEqual(Object.keys(hostedCommands).sort());
    await bridge.commands['devices.rename']({ udid: 'U', name: 'n' });
    expect(invoked).toEqual([[commandChannel('devices.rename'), { udid: 'U', name: 'n' }]]);
    expect(Object.keys(bridge).sort()).toEqual(['commands', 'enterKiosk', 'exitKiosk', 'hostInfo', 'onEvent', 'setKioskPin']);
    expect(Object.isFrozen(bridge.commands)).toBe(true);
  });

  it('onEvent hands over the event only and returns its unsubscribe', () => {
    const listeners = new Map<string, (e: unknown, ...a: unknown[]) => void>();
    const bridge = buildBridge({ invoke: async () => undefined, on: (c, l) => listeners.set(c, l), removeListener: (c) => listeners.delete(c) });
    const got: unknown[] = [];
    const off = bridge.onEvent((e) => got.push(e));
    listeners.get(CHANNEL.event)?.({ sender: 'secret' }, { type: 'device-removed', udid: 'U' });
    expect(got).toEqual([{ type: 'device-removed', udid: 'U' }]);
    off();
    expect(listeners.size).toBe(0);
  });
});

describe('the app:// protocol', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-proto-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'renderer', 'assets', 'a.js'), '1');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the built screens with the Electron CSP (no network at all)', async () => {
    const handle = appProtocolHandler(join(dir, 'renderer'));
    const res = await handle(new Request('app://cartwright/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'none'");
    expect((await handle(new Request('app://cartwright/assets/a.js'))).headers.get('content-type')).toMatch(/javascript/);
  });

  it('refuses other hosts, other methods and anything outside the renderer', async () => {
    const handle = appProtocolHandler(join(dir, 'renderer'));
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handle(new Request('app://cartwright/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    for (const p of ['/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await handle(new Request(`app://cartwright${p}`));
      expect(res.status, p).toBe(404);
    }
  });

  it('recognises only our own origin', () => {
    expect(isAppUrl('app://cartwright/index.html#/kiosk')).toBe(true);
    for (const u of ['app://cartwright.evil/', 'app://x@cartwright/', 'https://cartwright/', 'file:///index.html', 'nonsense']) expect(isAppUrl(u)).toBe(false);
  });
});

describe('tray, badge and notifications', () => {
  const d = (udid: string, over: Partial<DeviceSummary>): DeviceSummary => device({ udid, ...over });

  it('counts the cart and what waits for a person', () => {
    const tally = new DeviceTally();
    tally.apply({ type: 'devices', devices: [d('a', { state: 'ready' }), d('b', { state: 'error' }), d('c', { state: 'waiting-trust' }), d('e', { state: 'staging' }), d('f', { state: 'disconnected' })] });
    tally.apply({ type: 'device-removed', udid: 'e' });
    const t = tally.tally();
    expect(t).toEqual({ total: 3, ready: 1, staging: 0, attention: 2, checkedOut: 0 });
    expect(badgeText(t)).toBe('2');
    expect(trayTooltip(t)).toBe('Cartwright — 3 on the cart · 1 ready · 2 need attention');
  });

  it('notifies a finished batch once, and each new device error once', () => {
    const policy = new NotificationPolicy();
    const progress = { batchId: 'b1', blueprint: 'Prepare', total: 3, queued: 0, running: 1, paused: 0, succeeded: 2, failed: 0, cancelled: 0, startedAt: '2025-01-01T00:00:00Z', etaSeconds: 30 };
    expect(policy.decide({ type: 'batch', progress })).toEqual([]);
    const done: StationEvent = { type: 'batch', progress: { ...progress, running: 0, failed: 1 } };
    expect(policy.decide(done)).toEqual([{ title: 'Prepare finished', body: '2 ready, 1 failed of 3.', urgent: true }]);
    expect(policy.decide(done)).toEqual([]);
    const err = { code: 'PASSCODE_LOCKED' as const, message: 'The device is locked with a passcode.', remedy: 'Unlock it.' };
    const ev: StationEvent = { type: 'devices', devices: [d('a', { state: 'error', slot: 4, error: err })] };
    expect(policy.decide(ev)).toEqual([{ title: 'Slot 4: The device is locked with a passcode.', body: 'Unlock it.', urgent: true }]);
    expect(policy.decide(ev)).toEqual([]);
    const many: StationEvent = { type: 'devices', devices: ['p', 'q', 'r', 's'].map((u) => d(u, { state: 'error', error: err })) };
    expect(policy.decide(many)).toEqual([{ title: '4 devices need attention', body: expect.any(String), urgent: true }]);
  });
});

describe('the safeStorage sealer', () => {
  it('round-trips bytes and treats the Linux plain-text fallback as unavailable', () => {
    const fake = { isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from(`E:${s}`), decryptString: (b: Buffer) => b.toString().slice(2), getSelectedStorageBackend: () => 'gnome_libsecret' };
    const sealer = new SafeStorageSealer(fake);
    const plain = Buffer.from([0, 1, 2, 255]);
    expect(sealer.decrypt(sealer.encrypt(plain))).toEqual(plain);
    expect(sealer.isAvailable()).toBe(true);
    expect(new SafeStorageSealer({ ...fake, getSelectedStorageBackend: () => 'basic_text' }).isAvailable()).toBe(false);
    expect(new SafeStorageSealer({ ...fake, isEncryptionAvailable: () => false }).isAvailable()).toBe(false);
  });
});
