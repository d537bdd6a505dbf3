import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { freshSeed, tempSocketPath, tool } from './test-helpers.js';

const CONTRACT_KEYS = [
  'udid', 'serial', 'imei', 'productType', 'productVersion', 'name', 'deviceId', 'locationId', 'connected', 'battery',
  'charging', 'activationState', 'passcode', 'trust', 'pairedHostIds', 'supervised', 'organizationName',
  'cloudConfiguration', 'profiles', 'storedProfile', 'counters',
];

interface Ready {
  ready: true;
  usbmuxd: string;
  addresses: string[];
  control: string;
}

function startDaemon(args: string[]): { child: ChildProcessWithoutNullStreams; ready: Promise<Ready> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/cli.ts', ...args], { cwd: process.cwd() });
  const ready = new Promise<Ready>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line) as Ready));
    child.once('exit', (code) => reject(new Error(`daemon exited early (${code})`)));
  });
  return { child, ready };
}

describe('virtual-cart daemon', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('prints one ready line, serves the control API and stops on SIGTERM', async () => {
    const unix = tempSocketPath();
    const daemon = startDaemon(['--devices', '4', '--listen', '127.0.0.1:0', `UNIX:${unix}`, '--control', '127.0.0.1:0', '--seed', freshSeed()]);
    child = daemon.child;
    const ready = await daemon.ready;
    expect(ready).toMatchObject({ ready: true });
    expect(ready.usbmuxd).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(ready.addresses).toContain(`UNIX:${unix}`);
    expect(ready.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const devices = (await (await fetch(`${ready.control}/devices`)).json()) as Record<string, unknown>[];
    expect(devices).toHaveLength(4);
    for (const key of CONTRACT_KEYS) expect(devices[0]).toHaveProperty(key);
    const udid = devices[0]!.udid as string;

    const listed = await tool(`UNIX:${unix}`, 'idevice_id', ['-l']);
    expect(listed.stdout.trim().split('\n')).toHaveLength(4);

    const unplugged = await fetch(`${ready.control}/devices/${udid}/unplug`, { method: 'POST' });
    expect(((await unplugged.json()) as { connected: boolean }).connected).toBe(false);
    expect((await tool(ready.usbmuxd, 'idevice_id', ['-l'])).stdout).not.toContain(udid);
    await fetch(`${ready.control}/devices/${udid}/plug`, { method: 'POST' });
    expect((await tool(ready.usbmuxd, 'idevice_id', ['-l'])).stdout).toContain(udid);

    // Past Setup Assistant, the Trust dialog stays pending until a tap arrives through the control API.
    const second = devices[1]!.udid as string;
    await fetch(`${ready.control}/devices/${second}/finish-setup`, { method: 'POST' });
    await fetch(`${ready.control}/devices/${second}/pending`, { method: 'POST' });
    const pending = await tool(ready.usbmuxd, 'idevicepair', ['-u', second, 'pair']);
    expect(pending.code).toBe(1);
    expect(pending.stdout + pending.stderr).toContain('Please accept the trust dialog');
    const tapped = (await (await fetch(`${ready.control}/devices/${second}/trust`, { method: 'POST' })).json()) as { trust: string };
    expect(tapped.trust).toBe('accept');
    expect((await tool(ready.usbmuxd, 'idevicepair', ['-u', second, 'pair'])).code).toBe(0);
    const paired = (await (await fetch(`${ready.control}/devices/${second}`)).json()) as { pairedHostIds: string[]; counters: Record<string, number> };
    expect(paired.pairedHostIds).toHaveLength(1);
    expect(paired.counters.Pair).toBe(2);

    const battery = await fetch(`${ready.control}/devices/${udid}/battery`, { method: 'POST', body: JSON.stringify({ level: 12, charging: false }) });
    expect(await battery.json()).toMatchObject({ battery: 12, charging: false });

    const added = await fetch(`${ready.control}/devices`, { method: 'POST', body: JSON.stringify({ productType: 'iPad13,18' }) });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ productType: 'iPad13,18', connected: true, imei: null });

    const fault = await fetch(`${ready.control}/faults`, { method: 'POST', body: JSON.stringify({ kind: 'activation-lock', udid }) });
    expect(fault.status).toBe(200);
    const one = (await (await fetch(`${ready.control}/devices/${udid}`)).json()) as { activationState: string };
    expect(one.activationState).toBe('Unactivated');
    expect((await fetch(`${ready.control}/devices/${udid}/activate`, { method: 'POST' })).status).toBe(409);
    expect((await fetch(`${ready.control}/devices/nope`)).status).toBe(404);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
