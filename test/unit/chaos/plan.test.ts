import { describe, expect, it } from 'vitest';
import { Rng } from '../../chaos/core/rng.js';
import { classifyError } from '../../chaos/fuzz/outcome.js';
import { shareCases } from '../../chaos/fuzz/targets/index.js';
import { buildSchedule, scheduleMs } from '../../chaos/mdm/schedule.js';
import { parseArgs, UsageError } from '../../chaos/options.js';
import { failed, emptyReport, formatSummary } from '../../chaos/report.js';

describe('chaos options', () => {
  it('defaults to the full run of every scenario with a time-based seed', () => {
    const p = parseArgs([], 36 ** 3);
    expect(p).toMatchObject({ seed: '1000', quick: false, only: ['kill', 'unplug', 'mdm', 'fuzz'] });
    expect(p.kill.rounds).toBeGreaterThanOrEqual(20);
    expect(p.kill.devices).toBe(32);
    expect(p.unplug.rounds * p.unplug.eventsPerRound).toBeGreaterThanOrEqual(200);
    expect(p.fuzz.cases).toBeGreaterThanOrEqual(10_000);
  });

  it('reads --seed, --quick and --only (both spellings)', () => {
    const p = parseArgs(['--seed', 'abc', '--quick', '--only', 'kill,fuzz']);
    expect(p).toMatchObject({ seed: 'abc', quick: true, only: ['kill', 'fuzz'] });
    expect(p.kill.rounds).toBe(3);
    expect(p.unplug.eventsPerRound * p.unplug.rounds).toBe(50);
    expect(p.fuzz.cases).toBe(1_000);
    expect(parseArgs(['--only=mdm', '--seed=x'])).toMatchObject({ seed: 'x', only: ['mdm'] });
  });

  it('refuses unknown options and scenarios', () => {
    expect(() => parseArgs(['--only', 'nap'])).toThrow(UsageError);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--seed'])).toThrow(/needs a value/);
  });
});

describe('fuzz bookkeeping', () => {
  it('splits cases by weight, every target at least one, exactly the total', () => {
    const shares = shareCases(1_000, [
      { name: 'a', weight: 3 },
      { name: 'b', weight: 1 },
      { name: 'c', weight: 0.001 },
    ]);
    expect([...shares.values()].reduce((s, n) => s + n, 0)).toBe(1_000);
    expect(shares.get('c')).toBe(1);
    expect(shares.get('a')).toBeGreaterThan(shares.get('b') as number);
  });

  it('calls an Error with a known code typed, anything else untyped', () => {
    const known = (c: string): boolean => c === 'PROFILE_UNREADABLE';
    expect(classifyError(Object.assign(new Error('x'), { code: 'PROFILE_UNREADABLE' }), known)).toEqual({ kind: 'typed', code: 'PROFILE_UNREADABLE' });
    expect(classifyError(new TypeError('boom'), known).kind).toBe('untyped');
    expect(classifyError(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' }), known).kind).toBe('untyped');
    expect(classifyError({ code: 'PROFILE_UNREADABLE' }, known).kind).toBe('untyped');
    expect(classifyError('a string', known)).toMatchObject({ kind: 'untyped', detail: expect.stringMatching(/non-Error/) });
  });
});

describe('MDM schedule', () => {
  it('puts a healthy window around every outage and storm, reproducibly', () => {
    const w = buildSchedule(new Rng('s'), 2, 2, [100, 200]);
    expect(w).toEqual(buildSchedule(new Rng('s'), 2, 2, [100, 200]));
    expect(w.filter((x) => x.mode !== 'pass')).toHaveLength(4);
    expect(w.filter((x) => x.mode === 'throttle')).toHaveLength(1);
    w.forEach((x, i) => expect(x.mode === 'pass').toBe(i % 2 === 0));
    expect(scheduleMs(w)).toBeGreaterThanOrEqual(900);
    expect(buildSchedule(new Rng('q'), 1, 1, [1, 1]).map((x) => x.mode)).toContain('throttle');
  });
});

describe('summary', () => {
  it('fails on any lost, duplicated, hung or crashed event and prints the seed', () => {
    const ok = emptyReport('mdm');
    expect(failed(ok)).toBe(false);
    expect(failed({ ...ok, duplicated: 1 })).toBe(true);
    expect(failed({ ...ok, hangs: 1 })).toBe(true);
    expect(failed({ ...ok, failures: ['x'] })).toBe(true);
    expect(formatSummary([ok, { ...ok, name: 'kill', lost: 2 }], 'abc', 1_000)).toMatch(/seed abc[\s\S]*kill\s+0\s+0\s+0\s+2[\s\S]*FAIL/);
  });
});
