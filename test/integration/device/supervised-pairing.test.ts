import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePairRecord } from '../../../electron/device/pair-record.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { startHarness, type Harness } from './setup.js';
import { makeSupervisor } from './supervision.js';
import { unpairDevice, validatePairing } from '../../../electron/device/pairing.js';

const run = promisify(execFile);

/** The real tool is the judge: a session with whatever record usbmuxd holds. */
async function ideviceinfo(h: Harness, udid: string): Promise<string> {
  const { stdout } = await run('ideviceinfo', ['-u', udid, '-k', 'SerialNumber'], { env: { ...process.env, USBMUXD_SOCKET_ADDRESS: h.cart.usbmuxd }, timeout: 45_000 });
  return stdout.trim();
}

async function storedHostId(h: Harness, udid: string): Promise<string | null> {
  const data = await h.layer.context.transport.readPairRecord(udid);
  return data ? (await decodePairRecord(data)).HostID : null;
}

describe('supervised pairing through the real addon', () => {
  let h: Harness;
  const supervisor = makeSupervisor();
  const signer = { certificate: supervisor.certificateDer, sign: (c: Buffer) => supervisor.sign(c) };

  beforeAll(async () => {
    h = await startHarness({ transport: 'tcp', devices: 1 });
    const udid = h.udids[0]!;
    await h.layer.ensurePaired(udid);
    await h.cart.act(udid, 'activate');
    await h.layer.withMcInstall(udid, (mc) =>
      mc.setCloudConfiguration({ IsSupervised: true, AllowPairing: true, OrganizationName: 'Acme Schools', SupervisorHostCertificates: [supervisor.certificateDer] }),
    );
    await unpairDevice(h.layer.context, udid);
    // Supervised pairing needs no Trust tap: a dialog that never gets answered proves it. Only a
    // device past Setup Assistant shows one (in Setup it would pair without asking anyway).
    await h.cart.act(udid, 'finish-setup');
    await h.cart.act(udid, 'pending');
  }, 120_000);
  afterAll(async () => h?.close());

  it('a locked supervised device accepts the supervisor but stores nothing: PASSCODE_LOCKED, no record saved', async () => {
    const udid = h.udids[0]!;
    await h.cart.act(udid, 'lock');
    try {
      await expect(h.pair(udid, { supervisor: signer })).rejects.toMatchObject({ code: 'PASSCODE_LOCKED', udid });
      expect(await h.layer.context.transport.readPairRecord(udid)).toBeNull();
      expect((await h.cart.device(udid)).pairedHostIds).toEqual([]);
    } finally {
      await h.cart.act(udid, 'unlock');
    }
  });

  it('unlocked: answers the MCChallenge and pairs without a Trust dialog', async () => {
    const udid = h.udids[0]!;
    const result = await h.pair(udid, { supervisor: signer });
    expect(result).toMatchObject({ supervisedChallenge: true, pendingAnswers: 0, record: 'ours' });
    expect((await h.cart.device(udid)).pairedHostIds).toEqual([result.hostId]);
    expect(await validatePairing(h.layer.context, udid)).toBe(true);
  });
});

describe('Linux usbmuxd pairing by itself (virtual cart --usbmuxd-auto-pair)', () => {
  let h: Harness;
  beforeAll(async () => {
    // Set-up devices (trust 'pending'): a device in Setup Assistant would let usbmuxd pair at attach.
    h = await startHarness({ transport: 'tcp', devices: 2, trust: 'pending', usbmuxdAutoPair: true });
  }, 120_000);
  afterAll(async () => h?.close());

  it('Trust tapped: usbmuxd and the station both pair; the record left behind works', async () => {
    const udid = h.udids[0]!;
    expect(await h.layer.context.transport.readPairRecord(udid)).toBeNull();
    const result = await h.pair(udid, { pollMs: 200, onPending: (n) => n === 1 && void h.cart.act(udid, 'trust') });
    // usbmuxd's own pairing (fresh keys, its HostID) lands too, before or after ours.
    const device = await eventually(async () => {
      const d = await h.cart.device(udid);
      return d.pairedHostIds.length === 2 ? d : null;
    });
    expect(device.pairedHostIds).toContain(result.hostId);
    expect(await storedHostId(h, udid)).not.toBeNull();
    expect(await validatePairing(h.layer.context, udid)).toBe(true);
    expect(await ideviceinfo(h, udid)).toBe(device.serial);
    expect(await h.layer.ensurePaired(udid)).toEqual({ status: 'already-paired' });
  });

  it('a record usbmuxd saved at attach is adopted as it is', async () => {
    const udid = h.udids[1]!;
    await h.cart.act(udid, 'trust');
    const theirs = await eventually(() => storedHostId(h, udid));
    expect(await h.layer.ensurePaired(udid)).toEqual({ status: 'already-paired' });
    expect(await storedHostId(h, udid)).toBe(theirs);
    expect(await ideviceinfo(h, udid)).toBe((await h.cart.device(udid)).serial);
  });
});
