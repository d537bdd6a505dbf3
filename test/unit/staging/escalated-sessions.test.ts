import { describe, expect, it } from 'vitest';
import type { McInstall } from '../../../electron/device/services/mcinstall.js';
import type { SupervisorIdentity } from '../../../electron/staging/device-port.js';
import { EscalatedSessions } from '../../../electron/station/escalated-sessions.js';

/** An MCInstall connection whose escalation finishes when the test says so. */
function fakeConnection() {
  let finish!: () => void;
  const escalated = new Promise<void>((r) => (finish = r));
  const mc = {
    closed: false,
    because: undefined as unknown,
    escalate: () => escalated,
    close: async (because?: unknown) => void Object.assign(mc, { closed: true, because }),
  };
  return { mc, finish };
}

const identity = { certificateDer: Buffer.from('cert'), sign: async (c: Buffer) => c } as unknown as SupervisorIdentity;

describe('EscalatedSessions', () => {
  it('a connection released while it is being escalated (job stopped, station closing) is closed, not kept', async () => {
    const first = fakeConnection();
    const second = fakeConnection();
    const opened = [first, second];
    const sessions = new EscalatedSessions(async () => opened.shift()!.mc as unknown as McInstall);

    const escalating = sessions.get('U1', identity);
    await new Promise((r) => setImmediate(r));
    await sessions.release('U1');
    first.finish();
    await expect(escalating).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(first.mc.closed).toBe(true);

    // The next job escalates afresh and keeps its connection.
    const next = sessions.get('U1', identity);
    await new Promise((r) => setImmediate(r));
    second.finish();
    expect(await next).toBe(second.mc);
    expect(await sessions.get('U1', identity)).toBe(second.mc);
    expect(second.mc.closed).toBe(false);
  });

  it('a device that detaches while it is being escalated fails the caller as DEVICE_GONE, which the runner waits out', async () => {
    const first = fakeConnection();
    const sessions = new EscalatedSessions(async () => first.mc as unknown as McInstall);
    const escalating = sessions.get('U1', identity);
    await new Promise((r) => setImmediate(r));
    await sessions.detached('U1');
    first.finish();
    await expect(escalating).rejects.toMatchObject({ code: 'DEVICE_GONE', udid: 'U1' });
    expect(first.mc.closed).toBe(true);
  });

  it('a device that detaches while work runs on its escalated connection closes it with DEVICE_GONE as the reason', async () => {
    const first = fakeConnection();
    first.finish();
    const sessions = new EscalatedSessions(async () => first.mc as unknown as McInstall);
    await sessions.get('U1', identity);
    await sessions.detached('U1');
    expect(first.mc.closed).toBe(true);
    expect(first.mc.because).toMatchObject({ code: 'DEVICE_GONE', udid: 'U1' });
  });
});
