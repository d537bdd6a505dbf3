import { describe, expect, it } from 'vitest';
import { summaryCsv, summaryRows, type SettledJob } from '../../../electron/api/index.js';

const step = (name: string, title: string, state: SettledJob['steps'][number]['state'], error: SettledJob['error'] = null) => ({ name, title, state, attempts: 1, startedAt: null, finishedAt: null, durationMs: null, error });

function job(over: Partial<SettledJob>): SettledJob {
  return {
    id: 'j',
    udid: 'u',
    batchId: 'b',
    blueprint: { name: 'Cart A', version: 1 },
    state: 'succeeded',
    error: null,
    createdAt: '2026-12-03T10:00:00.000Z',
    startedAt: '2026-12-03T10:00:00.000Z',
    finishedAt: '2026-12-03T10:00:42.500Z',
    steps: [step('pair', 'Pair', 'succeeded'), step('supervise', 'Supervise', 'succeeded')],
    slot: 1,
    serial: 'F1',
    name: 'Cart A-01',
    ...over,
  };
}

describe('the batch summary', () => {
  const locked = { code: 'PASSCODE_LOCKED' as const, message: 'The device is locked with a passcode.' };
  const rows = summaryRows([
    job({ id: 'j3', udid: 'u3', slot: 3, serial: 'F3', name: '=cmd|calc', state: 'cancelled', finishedAt: null }),
    job({ id: 'j2', udid: 'u2', slot: 2, serial: 'F2', name: 'iPad', state: 'failed', error: locked, steps: [step('pair', 'Pair', 'succeeded'), step('supervise', 'Supervise', 'failed', locked)] }),
    job({}),
  ]);

  it('has one row per device in slot order, with the step a failure stopped at and its remedy', () => {
    expect(rows.map((r) => [r.slot, r.outcome, r.failedStep])).toEqual([
      [1, 'succeeded', null],
      [2, 'failed', 'Supervise'],
      [3, 'cancelled', null],
    ]);
    expect(rows[1]).toMatchObject({ error: 'The device is locked with a passcode.', remedy: 'Unlock the device with its passcode, then try again.' });
    expect(rows[0]!.durationMs).toBe(42_500);
    expect(rows[2]!.durationMs).toBeNull();
  });

  it('names the step a device paused for a person waits at, with the remedy', () => {
    const [row] = summaryRows([job({ state: 'paused', finishedAt: null, error: locked, steps: [step('pair', 'Pair', 'succeeded'), step('supervise', 'Supervise', 'pending')] })]);
    expect(row).toMatchObject({ outcome: 'paused', failedStep: 'Supervise', remedy: 'Unlock the device with its passcode, then try again.', durationMs: null });
  });

  it('exports as CSV a spreadsheet cannot run as formulas', () => {
    const lines = summaryCsv(rows).trimEnd().split('\r\n');
    expect(lines[0]).toBe('slot,serial,name,outcome,failed step,error,remedy,duration (s),udid');
    expect(lines[1]).toBe('1,F1,Cart A-01,Ready,,,,42.5,u');
    expect(lines[2]).toBe('2,F2,iPad,Failed,Supervise,The device is locked with a passcode.,"Unlock the device with its passcode, then try again.",42.5,u2');
    expect(lines[3]).toBe("3,F3,'=cmd|calc,Cancelled,,,,,u3");
  });
});
