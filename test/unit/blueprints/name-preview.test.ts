import { describe, expect, it } from 'vitest';
import { deviceSummary } from '../../helpers/device-summary.js';
import { previewNames } from '../../../renderer/src/blueprints/name-preview.js';

describe('the live name preview', () => {
  const devices = [
    deviceSummary('b', { slot: 12, serial: 'SER12' }),
    deviceSummary('a', { slot: 3, serial: 'SER03' }),
    deviceSummary('gone', { slot: 1, serial: 'SER01', connected: false }),
    deviceSummary('loose', { slot: null, serial: 'SERXX' }),
  ];

  it('names the devices on the cart in slot order, as the rename step would', () => {
    const rows = previewNames('Cart A-{slot:2}', devices);
    expect(rows.map((r) => [r.udid, r.next])).toEqual([
      ['a', { ok: true, name: 'Cart A-03' }],
      ['b', { ok: true, name: 'Cart A-12' }],
      ['loose', { ok: false, error: 'the name template uses {slot} but this device has no slot' }],
    ]);
  });

  it('numbers {n} by place and refuses unknown tokens per device', () => {
    expect(previewNames('{serial}-{n}', devices).map((r) => r.next)).toEqual([
      { ok: true, name: 'SER03-1' },
      { ok: true, name: 'SER12-2' },
      { ok: true, name: 'SERXX-3' },
    ]);
    expect(previewNames('x{nope}', devices)[0]?.next).toEqual({ ok: false, error: expect.stringMatching(/unknown name template token \{nope\}/) as string });
  });
});
