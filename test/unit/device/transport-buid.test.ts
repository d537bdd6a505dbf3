/**
 * The native transport keeps usbmuxd's SystemBUID (transport.ts cachedBuid): one read serves a
 * batch's pairings, and a REMOVE, which is how a usbmuxd restart reaches libusbmuxd's listeners,
 * makes the next pairing ask again. The addon is faked at its seam.
 */
import { describe, expect, it } from 'vitest';
import { nativeTransport } from '../../../electron/device/transport.js';
import type { MuxEvent } from '../../../electron/device/transport-types.js';

type Addon = NonNullable<Parameters<typeof nativeTransport>[0]>;

function fakeAddon(buids: (string | null)[]) {
  let callback: ((e: MuxEvent) => void) | null = null;
  let reads = 0;
  const addon = {
    readBuid: async () => buids[Math.min(reads++, buids.length - 1)] ?? null,
    subscribeEvents: (cb: (e: MuxEvent) => void) => void (callback = cb),
    unsubscribeEvents: async () => void (callback = null),
  } as unknown as Addon;
  return { addon, reads: () => reads, fire: (e: MuxEvent) => callback?.(e) };
}

describe('nativeTransport: usbmuxd SystemBUID', () => {
  it('reads it once for many pairings, the concurrent ones included', async () => {
    const fake = fakeAddon(['BUID-1']);
    const transport = nativeTransport(fake.addon);
    expect(await Promise.all([transport.readBuid(), transport.readBuid()])).toEqual(['BUID-1', 'BUID-1']);
    expect(await transport.readBuid()).toBe('BUID-1');
    expect(fake.reads()).toBe(1);
  });

  it('asks again after a REMOVE (a usbmuxd restart may bring a new configuration)', async () => {
    const fake = fakeAddon(['BUID-1', 'BUID-2']);
    const transport = nativeTransport(fake.addon);
    transport.subscribe(() => undefined);
    expect(await transport.readBuid()).toBe('BUID-1');
    fake.fire({ type: 'add', udid: 'A', handle: 1, productId: 0x12a8, connectionType: 'usb' });
    expect(await transport.readBuid()).toBe('BUID-1');
    fake.fire({ type: 'remove', udid: 'A', handle: 1, productId: 0x12a8, connectionType: 'usb' });
    expect(await transport.readBuid()).toBe('BUID-2');
    expect(fake.reads()).toBe(2);
  });

  it('keeps no answer that found none', async () => {
    const fake = fakeAddon([null, 'BUID-1']);
    const transport = nativeTransport(fake.addon);
    expect(await transport.readBuid()).toBeNull();
    expect(await transport.readBuid()).toBe('BUID-1');
    expect(fake.reads()).toBe(2);
  });
});
