import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import { testCart, tool } from './test-helpers.js';

/** Runs a tool that streams until stopped; resolves with its output once `done` holds. */
function streamUntil(cart: VirtualCart, command: string, args: string[], done: (out: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, USBMUXD_SOCKET_ADDRESS: cart.usbmuxAddress } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (done(out)) child.kill('SIGINT');
    });
    child.once('error', reject);
    child.once('exit', () => (done(out) ? resolve(out) : reject(new Error(`${command} exited early: ${out}`))));
  });
}

describe('stock services and lockdown domains through the Debian tools', () => {
  let cart: VirtualCart;
  let udid: string;

  beforeAll(async () => {
    cart = await testCart({ devices: 1 });
    udid = cart.devices()[0]!.udid;
  });
  afterAll(async () => {
    await cart.stop();
  });

  it('answers the lockdown domains real devices answer', async () => {
    const disk = await tool(cart, 'ideviceinfo', ['-u', udid, '-q', 'com.apple.disk_usage']);
    expect(disk.code).toBe(0);
    expect(disk.stdout).toMatch(/^TotalDiskCapacity: \d+$/m);
    expect(disk.stdout).toMatch(/^TotalDataAvailable: \d+$/m);
    const intl = await tool(cart, 'ideviceinfo', ['-u', udid, '-q', 'com.apple.international', '-k', 'Locale']);
    expect(intl.stdout.trim()).toBe('en_US');
    const wireless = await tool(cart, 'ideviceinfo', ['-u', udid, '-q', 'com.apple.mobile.wireless_lockdown', '-k', 'EnableWifiConnections']);
    expect(wireless.stdout.trim()).toBe('false');
    for (const domain of ['com.apple.PurpleBuddy', 'com.apple.fairplay', 'com.apple.mobile.iTunes', 'com.apple.mobile.debug', 'com.apple.mobile.sync_data_class', 'com.apple.mobile.data_sync']) {
      const r = await tool(cart, 'ideviceinfo', ['-u', udid, '-q', domain]);
      expect(r.code, domain).toBe(0);
      expect(r.stdout.trim().length, domain).toBeGreaterThan(0);
    }
  });

  it('keeps the clock running after a host sets the time', async () => {
    const set = await tool(cart, 'idevicedate', ['-u', udid, '-s', '1893456000']);
    expect(set.code).toBe(0);
    const read = await tool(cart, 'idevicedate', ['-u', udid]);
    expect(read.code).toBe(0);
    // 1893456000 is 2030-01-01 UTC: the device now runs from there instead of freezing at it.
    expect(read.stdout).toMatch(/2030/);
    const raw = await tool(cart, 'ideviceinfo', ['-u', udid, '-k', 'TimeIntervalSince1970']);
    expect(Number(raw.stdout.trim())).toBeGreaterThanOrEqual(1893456000);
  });

  it('lists no mounted image on a stock device', async () => {
    const r = await tool(cart, 'ideviceimagemounter', ['-u', udid, '-l']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Status: Complete/);
    expect(r.stdout).toMatch(/ImageSignature/);
  });

  it('streams the syslog', async () => {
    const out = await streamUntil(cart, 'idevicesyslog', ['-u', udid, '--no-colors'], (o) => o.includes('SpringBoard') && o.includes('powerd'));
    expect(out).toMatch(/SpringBoard\[58\] <Notice>: /);
    expect(cart.device(udid).counters.syslog_relay).toBeGreaterThanOrEqual(1);
  });

  it('relays an observed notification that a host posts', async () => {
    const name = 'com.cartwright.test.ping';
    const child = spawn('idevicenotificationproxy', ['-u', udid, 'observe', name], { env: { ...process.env, USBMUXD_SOCKET_ADDRESS: cart.usbmuxAddress } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The observer registers before anything is posted, then hears the host's post.
    await cart.waitFor(udid, (v) => v.counters.ObserveNotification === 1);
    const post = await tool(cart, 'idevicenotificationproxy', ['-u', udid, 'post', name]);
    expect(post.code).toBe(0);
    await cart.waitFor(udid, (v) => v.counters.PostNotification === 1);
    // The tool buffers stdout when it is not a terminal; SIGINT makes it flush and exit.
    child.kill('SIGINT');
    await exited;
    expect(out).toContain(`! observing "${name}"`);
    expect(out).toContain(`> ${name}`);
  });
});
