import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/cart-daemon.js';
import { ENROLL_PROFILE, StationHarness } from '../staging/harness.js';

const BIN = join(process.cwd(), 'bin', 'cartwright.cjs');

describe('the flow commands of the cartwright CLI on a 4-device virtual cart', () => {
  const h = new StationHarness({ devices: 4, seed: `flows-cli-${Date.now()}` });
  let udids: string[] = [];

  beforeAll(async () => {
    await h.start(1, 4);
    const csv = join(h.dir, 'users.csv');
    writeFileSync(csv, 'id,name,username,badge,pin\nc1,Cleo One,c1,BC1,1357\nc2,Cato Two,c2,BC2,1357\nc3,Cyd Three,c3,BC3,1357\n');
    expect((await h.cli(['users', 'import', csv, '--json'])).code).toBe(0);
    const staged = await h.cli(['stage', '--flow', 'multi-user', '--all', '--identity', h.p12, '--password', 'pw', '--enroll-profile', ENROLL_PROFILE, '--enroll-mode', 'install', '--name-template', 'Cart A-{slot:2}', '--trust-timeout', '30', '--json']);
    expect(staged.code, staged.stderr).toBe(0);
    const out = JSON.parse(staged.stdout) as { flow: string; guidance: string[]; jobs: { udid: string; state: string; flowStatus: string }[] };
    expect(out.flow).toBe('multi-user');
    expect(out.guidance[0]).toMatch(/device-assigned app licences/);
    expect(out.jobs.every((j) => j.state === 'succeeded' && j.flowStatus === 'staged')).toBe(true);
    udids = out.jobs.map((j) => j.udid);
    for (const u of udids) await h.cart.setBattery(u, { level: 95 });
    expect((await h.cli(['flow-settings', '--battery-threshold', '30', '--json'])).code).toBe(0);
  }, 300_000);
  afterAll(() => h.dispose());

  it('checkout (handed over now), checkouts, checkin', async () => {
    const r = await h.cli(['checkout', '--user', 'c1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { udid: string; slot: number; name: string; user: { username: string }; dueAt: string };
    expect(udids).toContain(out.udid);
    expect(out.slot).toBeGreaterThanOrEqual(1);
    expect(out.name).toMatch(/^Cart A-0\d$/);
    expect(out.user.username).toBe('c1');
    await h.cart.act(out.udid, 'unplug');
    const list = JSON.parse((await h.cli(['checkouts', '--json'])).stdout) as { udid: string; userName: string; state: string }[];
    expect(list).toEqual([expect.objectContaining({ udid: out.udid, userName: 'Cleo One', state: 'open' })]);
    // The per-user limit (one device) refuses a second one, with the reason.
    const again = await h.cli(['checkout', '--user', 'c1', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.code).toBe('CONFLICT');
    await h.cart.act(out.udid, 'plug');
    const back = await h.cli(['checkin', out.udid, '--json']);
    expect(back.code, back.stdout).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ udid: out.udid, checkout: { state: 'returned' }, returned: { policy: 'keep' } });
    expect(JSON.parse((await h.cli(['checkouts', '--json'])).stdout)).toEqual([]);
  }, 120_000);

  it('checkout --wait returns once the picked device has left the cart', async () => {
    const child = spawn(process.execPath, [BIN, 'checkout', '--badge', 'BC2', '--wait', '--timeout', '60', '--json'], { env: { ...process.env, ...h.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    try {
      const udid = await eventually(() => /UDID ([^)]+)\)/.exec(stderr)?.[1], 60_000, 50);
      expect(child.exitCode).toBeNull();
      await h.cart.act(udid, 'unplug');
      expect(await exited).toBe(0);
      const out = JSON.parse(stdout) as { udid: string; slot: number; name: string; state: string };
      expect(out).toMatchObject({ udid, state: 'taken' });
      expect(out.slot).toBeGreaterThanOrEqual(1);
      await h.cart.act(udid, 'plug');
      expect(JSON.parse((await h.cli(['checkin', udid, '--json'])).stdout).checkout.state).toBe('returned');
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('checkout --wait gives the pick up when nobody takes the device, and the audit log says so', async () => {
    const r = await h.cli(['checkout', '--badge', 'BC2', '--wait', '--timeout', '1', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'NOT_TAKEN', message: expect.stringContaining('cancelled (timed out)') });
    const audit = JSON.parse((await h.cli(['audit', '--action', 'flow.checkout.cancelled', '--json'])).stdout) as { details: { reason?: string } }[];
    expect(audit.at(-1)?.details.reason).toBe('timed out');
    // Nothing stays reserved: no check-out was recorded.
    expect(JSON.parse((await h.cli(['checkouts', '--json'])).stdout)).toEqual([]);
  }, 120_000);

  it('checkout --wait ends when its station closes (Ctrl-C), and the pick is given up, not left waiting', async () => {
    // A wait far longer than the test: before, the closed station's pick kept the process up until it lapsed.
    const child = spawn(process.execPath, [BIN, 'checkout', '--badge', 'BC2', '--wait', '--timeout', '3600', '--json'], { env: { ...process.env, ...h.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    try {
      await eventually(() => /UDID ([^)]+)\)/.exec(stderr)?.[1], 60_000, 50).catch((e: Error) => {
        throw new Error(`${e.message}; the CLI said: ${stdout}${stderr}`);
      });
      child.kill('SIGINT');
      expect(await exited).toBe(1);
      expect(JSON.parse(stdout).error).toMatchObject({ code: 'INTERRUPTED' });
      const audit = JSON.parse((await h.cli(['audit', '--action', 'flow.checkout.cancelled', '--json'])).stdout) as { details: { reason?: string } }[];
      expect(audit.at(-1)?.details.reason).toBe('the station closed');
      expect(JSON.parse((await h.cli(['checkouts', '--json'])).stdout)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('lost: the device is marked lost, and the local directory says it cannot send lost mode', async () => {
    const out = JSON.parse((await h.cli(['checkout', '--user', 'c3', '--json'])).stdout) as { udid: string };
    await h.cart.act(out.udid, 'unplug');
    const r = await h.cli(['lost', out.udid, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lost = JSON.parse(r.stdout) as { checkout: { state: string }; lostMode: { status: string; message: string } };
    expect(lost.checkout.state).toBe('lost');
    expect(lost.lostMode.status).toBe('not-supported');
    expect(lost.lostMode.message).toMatch(/^NOT_SUPPORTED: The local directory cannot lock a device/);
    const human = await h.cli(['lost', out.udid]);
    expect(human.stdout).toMatch(/is marked lost \(with Cyd Three\)\.\nNOT_SUPPORTED: /);
    const outbox = JSON.parse((await h.cli(['mdm', 'outbox', '--json'])).stdout) as unknown;
    expect(JSON.stringify(outbox)).not.toContain('lost-mode');
    await h.cart.act(out.udid, 'plug');
    expect(JSON.parse((await h.cli(['checkin', out.udid, '--json'])).stdout).checkout.state).toBe('returned');
  }, 120_000);

  it('assign and handoff: only the registered user receives the device', async () => {
    const udid = udids[0]!;
    const assigned = await h.cli(['assign', udid, '--user', 'c3', '--json']);
    expect(assigned.code, assigned.stdout).toBe(0);
    expect(JSON.parse(assigned.stdout)).toMatchObject({ udid, user: { username: 'c3' }, queued: true });
    const refused = await h.cli(['handoff', udid, '--user', 'c2', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe('UNAUTHORIZED');
    const sheet = join(h.dir, 'sheet.pdf');
    const ok = await h.cli(['handoff', udid, '--badge', 'BC3', '--sheet', sheet, '--json']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ udid, handedOver: true, sheet });
    const audit = JSON.parse((await h.cli(['audit', '--device', udid, '--json'])).stdout) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['flow.register', 'flow.handoff.refused', 'flow.handoff']));
  }, 120_000);

  it('refuses a stage without a flow or resume, and an unknown flow', async () => {
    expect((await h.cli(['stage', '--json'])).code).toBe(2);
    expect((await h.cli(['stage', '--flow', 'shared', '--all', '--json'])).code).toBe(2);
  }, 60_000);
});
