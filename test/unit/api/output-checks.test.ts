import { describe, expect, it } from 'vitest';
import { dispatchToResult, outputChecksWanted, type HostedHandlers } from '../../../electron/api/index.js';

const cart = { layout: null, slots: [], unknownPorts: [], calibration: { active: false, nextSlot: null } };

describe('checking command answers against their output schemas', () => {
  it('is on under test and with CARTWRIGHT_CHECK_OUTPUTS=1, off in production', () => {
    expect(outputChecksWanted({ NODE_ENV: 'test' })).toBe(true);
    expect(outputChecksWanted({ NODE_ENV: 'production', CARTWRIGHT_CHECK_OUTPUTS: '1' })).toBe(true);
    expect(outputChecksWanted({ NODE_ENV: 'production' })).toBe(false);
    expect(outputChecksWanted({})).toBe(false);
    // The renderer has no process at all.
    expect(outputChecksWanted(undefined)).toBe(false);
  });

  it('fails a handler whose answer drifted from the contract, naming the command and the field', async () => {
    const handlers = { 'cart.get': async () => ({ ...cart, calibration: { active: 'no' } }) } as unknown as HostedHandlers;
    const r = await dispatchToResult(handlers, 'cart.get', {});
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/“cart\.get” does not match its contract: calibration\.active/) });
  });

  it('passes a conforming answer through as the handler gave it', async () => {
    const answer = { ...cart };
    const handlers = { 'cart.get': async () => answer } as unknown as HostedHandlers;
    const r = await dispatchToResult(handlers, 'cart.get', {});
    expect(r.ok ? r.value : null).toBe(answer);
  });

  it('keeps the kiosk’s redacted answer within the contract', async () => {
    const info = { version: '1.0.0', dataDir: '/data', usbmuxd: '/var/run/usbmuxd', identity: null, mdm: { kind: 'local' }, autoStage: { enabled: false, blueprint: null } };
    const handlers = { 'station.info': async () => info } as unknown as HostedHandlers;
    const r = await dispatchToResult(handlers, 'station.info', {}, { kiosk: true });
    expect(r.ok ? r.value : r.error).toMatchObject({ dataDir: '', usbmuxd: '' });
  });
});
