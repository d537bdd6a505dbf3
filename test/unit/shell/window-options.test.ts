import { describe, expect, it } from 'vitest';
import { buildWindowOptions, secureWebPreferences } from '../../../electron/shell/window-options.js';
import { guardContents, isKioskBlockedKey, type GuardedContents, type KeyInput } from '../../../electron/shell/window-guards.js';

describe('window defaults', () => {
  it('every window is sandboxed, isolated and without Node', () => {
    const prefs = buildWindowOptions({ preload: '/app/preload.cjs' }).webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it('kiosk windows are fullscreen, frameless, unclosable and never have devtools', () => {
    const opts = buildWindowOptions({ preload: '/p.cjs', kiosk: true, devTools: true });
    expect(opts).toMatchObject({ kiosk: true, fullscreen: true, frame: false, closable: false, autoHideMenuBar: true });
    expect(opts.webPreferences?.devTools).toBe(false);
    expect(secureWebPreferences({ preload: '/p.cjs', devTools: true }).devTools).toBe(true);
  });

  it('window options cannot be talked out of the secure preferences', () => {
    const a = buildWindowOptions({ preload: '/p.cjs', kiosk: false, dark: true });
    const b = buildWindowOptions({ preload: '/p.cjs', kiosk: true });
    for (const o of [a, b]) expect(o.webPreferences?.sandbox && o.webPreferences.contextIsolation && !o.webPreferences.nodeIntegration).toBe(true);
    expect(a.show).toBe(false);
  });
});

class FakeContents implements GuardedContents {
  readonly listeners = new Map<string, (...args: never[]) => void>();
  openHandler?: (d: { url: string }) => { action: 'deny' };
  on(event: string, listener: (...args: never[]) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    (this.listeners.get(event) as unknown as (...a: unknown[]) => void)({ preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

const key = (k: Partial<KeyInput>): KeyInput => ({ type: 'keyDown', key: 'a', control: false, meta: false, alt: false, shift: false, ...k });

describe('window guards', () => {
  it('refuses navigation, redirects, webviews and new windows', () => {
    const c = new FakeContents();
    guardContents(c, { kiosk: () => false });
    expect(c.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(c.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(c.fire('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(c.fire('will-attach-webview')).toBe(true);
    expect(c.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('blocks reload, close, devtools and zoom keys only in kiosk mode', () => {
    let kiosk = true;
    const c = new FakeContents();
    guardContents(c, { kiosk: () => kiosk });
    expect(c.fire('before-input-event', key({ key: 'F12' }))).toBe(true);
    expect(c.fire('before-input-event', key({ key: 'I', control: true, shift: true }))).toBe(true);
    expect(c.fire('before-input-event', key({ key: '5' }))).toBe(false);
    kiosk = false;
    expect(c.fire('before-input-event', key({ key: 'F12' }))).toBe(false);
  });

  it('knows the kiosk-blocked shortcuts', () => {
    expect(isKioskBlockedKey(key({ key: 'r', control: true }))).toBe(true);
    expect(isKioskBlockedKey(key({ key: 'w', meta: true }))).toBe(true);
    expect(isKioskBlockedKey(key({ key: 'F4', alt: true }))).toBe(true);
    expect(isKioskBlockedKey(key({ key: 'F5' }))).toBe(true);
    expect(isKioskBlockedKey(key({ key: 'Enter' }))).toBe(false);
    expect(isKioskBlockedKey(key({ key: 'r', control: true, type: 'keyUp' }))).toBe(false);
  });
});
