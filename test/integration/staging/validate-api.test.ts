import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand, toApiError } from '../../../electron/api/index.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { Station } from '../../../electron/station/station.js';
import { CartDaemon, eventually } from '../../helpers/cart-daemon.js';

/**
 * `staging.validate` and `staging.start` through the station API (`dispatchCommand`, the path of
 * the screens and the HTTP server) on a fresh data directory and a 2-device virtual cart: the
 * problems a screen shows live, and the same refusal when the batch is started anyway.
 */
describe('the station API checks a batch before it touches a device', () => {
  const cart = new CartDaemon({ transport: 'tcp', devices: 2, seed: `validate-api-${Date.now()}` });
  let dir: string;
  let station: Station;
  const call = (name: string, input: unknown) => dispatchCommand(station.handlers, name, input);

  beforeAll(async () => {
    await cart.start();
    process.env.USBMUXD_SOCKET_ADDRESS = cart.usbmuxd;
    process.env.CARTWRIGHT_ACTIVATION_URL = cart.activation;
    dir = mkdtempSync(join(tmpdir(), 'cw-validate-api-'));
    station = await Station.open({ dataDir: join(dir, 'data'), source: 'api' });
    await station.ready();
    await eventually(async () => (await station.handlers['devices.list']({})).filter((d) => d.connected).length === 2, 30_000);
  }, 120_000);
  afterAll(async () => {
    await station?.close();
    await cart.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the built-in Prepare blueprint from the first start', async () => {
    expect(await call('blueprints.list', {})).toEqual([expect.objectContaining({ name: 'Prepare', version: 1 })]);
  });

  it('staging.validate names the problems of a stored blueprint and of an unsaved one', async () => {
    const stored = (await call('staging.validate', { udids: 'all', blueprint: 'Prepare' })) as { ok: boolean; problems: { kind: string }[] };
    expect(stored).toEqual({ ok: false, problems: [expect.objectContaining({ kind: 'identity-unusable' })] });
    const body = prepareBlueprint({ name: 'Draft', nameTemplate: 'Cart A-{slot:2}', enrollProfile: { stored: 'enrollment' } });
    const draft = (await call('staging.validate', { udids: 'all', blueprint: { body } })) as { ok: boolean; problems: { kind: string; udids: string[] }[] };
    expect(draft.ok).toBe(false);
    expect(draft.problems.map((p) => p.kind).sort()).toEqual(['enrollment-profile-unusable', 'identity-unusable', 'missing-slot']);
    expect(draft.problems.find((p) => p.kind === 'missing-slot')!.udids).toHaveLength(2);
    // Validating saves nothing.
    expect(((await call('blueprints.list', {})) as { name: string }[]).map((b) => b.name)).toEqual(['Prepare']);
  });

  it('staging.start refuses with one typed error listing every problem, and creates no job', async () => {
    await call('blueprints.save', { body: prepareBlueprint({ name: 'Cart A', nameTemplate: 'Cart A-{slot:2}' }) });
    const refused = await call('staging.start', { udids: 'all', blueprint: 'Cart A' }).then(
      () => null,
      (e: unknown) => toApiError(e),
    );
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not started \(2 problems[\s\S]*calibrate the slots[\s\S]*or use \{serial\}[\s\S]*no supervision identity/i) });
    expect(await call('staging.unfinished', {})).toEqual({ jobs: [] });
  });

  it('a calibrated cart and a blueprint that does not supervise: nothing to refuse', async () => {
    await call('cart.calibrate', { action: 'auto' });
    const body = { name: 'Names only', steps: [{ type: 'pair' }, { type: 'inspect' }, { type: 'rename', template: 'Cart-{slot:2}' }, { type: 'verify' }] };
    expect(await call('staging.validate', { udids: 'all', blueprint: { body } })).toEqual({ ok: true, problems: [] });
  });
});
