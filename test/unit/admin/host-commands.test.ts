import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchToResult } from '../../../electron/api/index.js';
import type { Station } from '../../../electron/station/station.js';
import { stationInternals } from '../../../electron/station/station-internals.js';
import { openTestStation } from './station-fixture.js';

/** The commands the CLI needed and the API lacked (cart layout files, settling jobs, giving up a pick), on a real station. */
describe('the API commands the CLI formats', () => {
  let station: Station;
  let dispose: () => Promise<void>;
  const run = (name: string, input: unknown) => dispatchToResult(station.handlers, name, input);

  beforeAll(async () => {
    ({ station, dispose } = await openTestStation());
  });
  afterAll(() => dispose());

  it('exports and imports a cart layout file, refusing a file that is not one', async () => {
    const none = await run('cart.exportLayout', {});
    expect(none).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', remedy: expect.stringContaining('Calibrate') } });

    const file = {
      format: 'cartwright.slots',
      version: 1,
      layout: { name: 'Cart B', gridRows: 1, gridColumns: 2, description: null },
      slots: [
        { slotNumber: 1, locationId: 0x01100000, usbPath: null, label: 'left' },
        { slotNumber: 2, locationId: 0x01200000, usbPath: null, label: null },
      ],
    };
    expect(await run('cart.importLayout', { file })).toEqual({ ok: true, value: { layout: 'Cart B', slots: 2 } });
    expect(stationInternals(station).store.audit.query({ action: 'cart.import', limit: 5 }).map((e) => e.details)).toEqual([{ layout: 'Cart B' }]);
    // The imported layout is the active one: exporting without a name gives the same file back.
    expect(await run('cart.exportLayout', {})).toEqual({ ok: true, value: { file } });
    expect(await run('cart.exportLayout', { name: 'Cart Z' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('Cart Z') } });

    const junk = await run('cart.importLayout', { file: { format: 'cartwright.slots', version: 1, layout: { name: '' }, slots: 'all' } });
    expect(junk).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^This is not a slot layout: layout\.name: .*; slots: /) } });
    expect(await run('cart.get', {})).toMatchObject({ ok: true, value: { layout: { name: 'Cart B' } } });
  });

  it('settles jobs it does not know at once, with nothing to report', async () => {
    expect(await run('staging.settle', { jobIds: ['no-such-job'] })).toEqual({ ok: true, value: { jobs: [] } });
    expect(await run('staging.settle', { jobIds: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses to cancel a pick it never made', async () => {
    const r = await run('picks.cancel', { pickId: 'no-such-pick' });
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
  });
});
