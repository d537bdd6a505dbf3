import { describe, expect, it } from 'vitest';
import { ServerConfigError, checkServerOptions, startServer } from '../../../electron/server/index.js';
import { hostHeaderName, isLoopbackHost } from '../../../electron/server/loopback.js';
import { fakeStation } from './fake-handlers.js';

describe('server options', () => {
  it('listens on 127.0.0.1:8420 by default, with a random token made for the run', () => {
    const first = checkServerOptions({});
    expect(first).toMatchObject({ host: '127.0.0.1', port: 8420, generated: true });
    expect(first.token).toMatch(/^[\w-]{43}$/);
    expect(checkServerOptions({}).token).not.toBe(first.token);
  });

  it('goes tokenless only when asked by name, and only on loopback', () => {
    expect(checkServerOptions({ insecureNoToken: true })).toEqual({ host: '127.0.0.1', port: 8420, token: null, generated: false });
    for (const host of ['0.0.0.0', '192.168.1.20', '::', 'station.local']) {
      expect(() => checkServerOptions({ host, insecureNoToken: true })).toThrow(ServerConfigError);
      expect(() => checkServerOptions({ host, insecureNoToken: true })).toThrow(/without an access token/);
      expect(checkServerOptions({ host }).generated).toBe(true);
    }
    expect(() => checkServerOptions({ insecureNoToken: true, token: 'a'.repeat(24) })).toThrow(/not both/);
  });

  it('accepts a non-loopback address with a long enough token', () => {
    expect(checkServerOptions({ host: '0.0.0.0', token: 'a'.repeat(24) }).token).toBe('a'.repeat(24));
    expect(() => checkServerOptions({ host: '0.0.0.0', token: 'short' })).toThrow(/at least 16/);
  });

  it('startServer refuses before listening', async () => {
    const s = fakeStation();
    await expect(startServer({ handlers: s.handlers, subscribe: s.subscribe, host: '0.0.0.0', port: 0, insecureNoToken: true })).rejects.toMatchObject({ code: 'TOKEN_REQUIRED' });
  });

  it('knows loopback addresses and parses Host headers', () => {
    expect(['127.0.0.1', '127.3.4.5', '::1', '[::1]', 'localhost', 'LOCALHOST'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', 'localhost.evil.com', '128.0.0.1'].some(isLoopbackHost)).toBe(false);
    expect(hostHeaderName('127.0.0.1:8420')).toBe('127.0.0.1');
    expect(hostHeaderName('[::1]:80')).toBe('::1');
    expect(hostHeaderName('evil.example')).toBe('evil.example');
    expect(hostHeaderName(undefined)).toBeNull();
  });
});
