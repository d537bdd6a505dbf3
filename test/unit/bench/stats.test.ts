import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, round, summarize } from '../../bench/stats.js';

describe('bench statistics', () => {
  it('interpolates percentiles between closest ranks', () => {
    const v = [10, 20, 30, 40, 50];
    expect(percentile(v, 0)).toBe(10);
    expect(percentile(v, 50)).toBe(30);
    expect(percentile(v, 100)).toBe(50);
    expect(percentile(v, 95)).toBeCloseTo(48);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
  });

  it('does not depend on input order and ignores non-finite values', () => {
    expect(percentile([50, 10, Number.NaN, 40, 20, 30, Infinity], 50)).toBe(30);
  });

  it('gives null, not zero, when there is nothing to measure', () => {
    expect(percentile([], 95)).toBeNull();
    expect(median([])).toBeNull();
    expect(summarize([])).toEqual({ count: 0, min: null, p50: null, p95: null, p99: null, max: null, mean: null });
  });

  it('refuses a percentile outside 0–100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });

  it('summarizes count, extremes, percentiles and mean', () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s).toMatchObject({ count: 4, min: 1, max: 4, mean: 2.5, p50: 2.5 });
  });

  it('rounds for reports and divides only what can be divided', () => {
    expect(round(1.2345, 2)).toBe(1.23);
    expect(round(null)).toBeNull();
    expect(round(Number.NaN)).toBeNull();
    expect(ratio(10, 4)).toBe(2.5);
    expect(ratio(10, 0)).toBeNull();
    expect(ratio(null, 4)).toBeNull();
  });
});
