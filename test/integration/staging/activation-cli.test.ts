import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { StationHarness, prepareSummary } from './harness.js';

/** A loopback port nothing listens on: the station's "no network to Apple". */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('host-side activation from the station (real addon, real CLI, the cart\'s stand-in for Apple)', () => {
  const h = new StationHarness({ devices: 2, seed: `activation-${Date.now()}` });

  beforeAll(async () => {
    await h.start(1, 8);
  }, 120_000);
  afterAll(() => h.dispose());

  it('says it cannot reach Apple\'s activation server when the activation URL points at a closed port', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/deviceservices`;
    const r = await runCli(h.prepareArgs(), { ...h.env, CARTWRIGHT_ACTIVATION_URL: url }, 240_000);
    const out = prepareSummary(r.stdout);
    expect(out.jobs).toHaveLength(2);
    for (const job of out.jobs) {
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('ACTIVATION_SERVER_UNREACHABLE');
      expect(job.error?.message).toMatch(/cannot reach Apple's activation server/);
      expect(job.error?.remedy).toMatch(/albert\.apple\.com/);
      expect((await h.cart.device(job.udid)).activationState).toBe('Unactivated');
    }
  }, 300_000);

  it('prepares out-of-box devices once Apple is reachable: activate, then supervise and enroll', async () => {
    const r = await h.cli(h.prepareArgs());
    const out = prepareSummary(r.stdout);
    expect(r.code).toBe(0);
    for (const job of out.jobs) {
      expect(job.state).toBe('succeeded');
      expect(job.steps.find((s) => s.name === 'check-activation')?.state).toBe('succeeded');
      const d = await h.cart.device(job.udid);
      expect(d).toMatchObject({ activationState: 'Activated', supervised: true });
      // The session info was asked for on every attempt of the unreachable run too; the record came once.
      expect(d.counters.CreateTunnel1SessionInfoRequest).toBeGreaterThanOrEqual(1);
      expect(d.counters).toMatchObject({ CreateTunnel1ActivationInfoRequest: 1, HandleActivationInfoWithSessionRequest: 1 });
    }
  }, 300_000);

  it('takes a device a person set up through erase → reboot → activate → supervise → enroll', async () => {
    const added = await h.cart.addDevice({});
    await h.cart.act(added.udid, 'finish-setup');
    expect((await h.cart.device(added.udid)).activationState).toBe('Activated');
    // Added after calibration, so it has no slot: a name template without {slot}.
    const r = await h.cli(h.prepareArgs(['--erase', '--name-template', 'Erased iPad']));
    const out = prepareSummary(r.stdout);
    const job = out.jobs.find((j) => j.udid === added.udid)!;
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    const ran = job.steps.filter((s) => s.state === 'succeeded').map((s) => s.name);
    expect(ran).toEqual(expect.arrayContaining(['erase', 'await-reboot', 'check-activation', 'supervise', 'enroll']));
    const d = await h.cart.device(added.udid);
    expect(d).toMatchObject({ activationState: 'Activated', supervised: true, organizationName: 'Acme Schools' });
    expect(d.counters.EraseDevice).toBe(1);
    expect(d.counters.HandleActivationInfoWithSessionRequest).toBe(1);
  }, 300_000);
});
