import { describe, expect, it } from 'vitest';
import { CallGate } from '../../../electron/device/call-gate.js';
import { deviceCall, type DeviceContext } from '../../../electron/device/context.js';
import type { DeviceTransport } from '../../../electron/device/transport-types.js';

const context = (calls: CallGate): DeviceContext => ({ transport: {} as DeviceTransport, label: 'test', calls });

describe('CallGate (the device layer stopping)', () => {
  it('refuses a device call once closed, without running it', async () => {
    const gate = new CallGate();
    let ran = false;
    gate.close();
    await expect(deviceCall(context(gate), 'U1', async () => (ran = true))).rejects.toMatchObject({ code: 'INTERNAL', udid: 'U1', message: expect.stringMatching(/station is stopping/) });
    expect(ran).toBe(false);
  });

  it('waits for the calls in flight, and their callers still get the outcome', async () => {
    const gate = new CallGate();
    let finish!: () => void;
    const call = deviceCall(context(gate), 'U1', () => new Promise<string>((r) => (finish = () => r('answered'))));
    gate.close();
    let settled = false;
    const stopped = gate.settled(10_000).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    finish();
    await stopped;
    await expect(call).resolves.toBe('answered');
  });

  it('a failing call in flight is its caller’s to handle, and does not hold the gate', async () => {
    const gate = new CallGate();
    const call = gate.track(Promise.reject(new Error('HANDLE_CLOSED')));
    await gate.settled(10_000);
    await expect(call).rejects.toThrow('HANDLE_CLOSED');
  });

  it('does not wait past its grace for a call that never ends', async () => {
    const gate = new CallGate();
    void gate.track(new Promise(() => undefined));
    const t0 = Date.now();
    await gate.settled(50);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
