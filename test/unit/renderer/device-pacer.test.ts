import { describe, expect, it } from 'vitest';
import { deviceSummary } from '../../helpers/device-summary.js';
import type { StationEvent } from '../../../electron/api/index.js';
import { devicePacer } from '../../../renderer/src/store/device-pacer.js';

const make = deviceSummary;

/** The pacer on a clock the test moves. */
function pacer(maxWaitMs = 250) {
  const clock = { t: 0 };
  return { clock, p: devicePacer({ maxWaitMs, now: () => clock.t }) };
}

const udidsOf = (events: StationEvent[]) => events.flatMap((e) => (e.type === 'devices' ? e.devices.map((d) => d.udid) : e.type === 'device-removed' ? [`-${e.udid}`] : []));
const cart = (n: number) => Array.from({ length: n }, (_, i) => make(`D${i}`, { battery: i }));

describe('spreading device changes over frames', () => {
  it('hands over at most the budget of changed devices per take, longest waiting first', () => {
    const { p } = pacer();
    p.add([{ type: 'devices', devices: cart(5) }]);
    expect(udidsOf(p.take({}, 2))).toEqual(['D0', 'D1']);
    expect(p.waiting).toBe(3);
    expect(udidsOf(p.take({}, 2))).toEqual(['D2', 'D3']);
    expect(udidsOf(p.take({}, 2))).toEqual(['D4']);
    expect(p.waiting).toBe(0);
    expect(p.take({}, 2)).toEqual([]);
  });

  it('keeps only the latest state of a waiting device, and its place in line', () => {
    const { p } = pacer();
    p.add([{ type: 'devices', devices: [make('A', { battery: 10 }), make('B')] }]);
    p.add([{ type: 'devices', devices: [make('B', { battery: 5 }), make('A', { battery: 11 })] }]);
    const [first] = p.take({}, 1);
    expect(first).toEqual({ type: 'devices', devices: [make('A', { battery: 11 })] });
    expect(p.take({}, 1)).toEqual([{ type: 'devices', devices: [make('B', { battery: 5 })] }]);
  });

  it('spends no budget on a waiting state the store already shows', () => {
    const { p } = pacer();
    const same = make('A');
    p.add([{ type: 'devices', devices: [{ ...same }, make('B', { battery: 1 })] }]);
    expect(udidsOf(p.take({ A: same }, 1))).toEqual(['B']);
    expect(p.waiting).toBe(0);
  });

  it('passes events that are not about a device straight through, whatever the budget', () => {
    const { p } = pacer();
    const notice: StationEvent = { type: 'notice', level: 'info', message: 'Slot 3 calibrated.' };
    p.add([{ type: 'devices', devices: cart(3) }, notice]);
    const out = p.take({}, 1);
    expect(out[0]).toBe(notice);
    expect(udidsOf(out)).toEqual(['D0']);
    expect(p.take({}, 0)).toEqual([]);
  });

  it('lets a removal overtake the update it follows, and skips removing what the store never had', () => {
    const { p } = pacer();
    p.add([{ type: 'devices', devices: [make('A', { battery: 3 })] }, { type: 'device-removed', udid: 'A' }, { type: 'device-removed', udid: 'Z' }]);
    expect(p.take({ A: make('A') }, 5)).toEqual([{ type: 'device-removed', udid: 'A' }]);
    expect(p.waiting).toBe(0);
  });

  it('brings back a device removed and plugged in again while it waited', () => {
    const { p } = pacer();
    const back = make('A', { slot: 4 });
    p.add([{ type: 'device-removed', udid: 'A' }, { type: 'devices', devices: [back] }]);
    expect(p.take({ A: make('A') }, 5)).toEqual([{ type: 'devices', devices: [back] }]);
  });

  it('hands over, beyond the budget, every device that has waited the longest allowed', () => {
    const { p, clock } = pacer(250);
    p.add([{ type: 'devices', devices: cart(4) }]);
    clock.t = 100;
    p.add([{ type: 'devices', devices: [make('late')] }]);
    expect(udidsOf(p.take({}, 1))).toEqual(['D0']);
    clock.t = 260;
    expect(udidsOf(p.take({}, 1))).toEqual(['D1', 'D2', 'D3']);
    expect(udidsOf(p.take({}, 0))).toEqual([]);
    clock.t = 350;
    expect(udidsOf(p.take({}, 0))).toEqual(['late']);
  });

  it('gives everything waiting at once when asked, removals included', () => {
    const { p } = pacer();
    const notice: StationEvent = { type: 'notice', level: 'warning', message: 'MDM unreachable.' };
    p.add([{ type: 'devices', devices: cart(30) }, { type: 'device-removed', udid: 'gone' }, notice]);
    const out = p.takeAll();
    expect(out[0]).toBe(notice);
    expect(udidsOf(out)).toEqual([...cart(30).map((d) => d.udid), '-gone']);
    expect(p.waiting).toBe(0);
  });
});
