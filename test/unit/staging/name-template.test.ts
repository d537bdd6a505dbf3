import { describe, expect, it } from 'vitest';
import { renderName } from '../../../electron/staging/name-template.js';
import { backoffMs, failurePolicy } from '../../../electron/staging/error-policy.js';

describe('device name templates', () => {
  const facts = { slot: 7, serial: 'DMPXK1ABCD12', name: 'iPad', model: 'iPad (9th generation)', user: 'ada', n: 3 };

  it('renders every token, with zero padding for numbers', () => {
    expect(renderName('Cart A-{slot:2} {serial}', facts)).toBe('Cart A-07 DMPXK1ABCD12');
    expect(renderName('{user} – {model} #{n:3}', facts)).toBe('ada – iPad (9th generation) #003');
    expect(renderName('{name}', facts)).toBe('iPad');
  });

  it('refuses unknown tokens and missing facts instead of producing half names', () => {
    expect(() => renderName('iPad-{asset}', facts)).toThrow(/unknown name template token \{asset\}/);
    expect(() => renderName('iPad-{slot}', { ...facts, slot: null })).toThrow(/has no slot/);
    expect(() => renderName('   ', facts)).toThrow(/empty name/);
  });
});

describe('failure policy', () => {
  it('retries transient errors, waits for the device or a person, fails the rest', () => {
    expect(failurePolicy('TIMEOUT')).toBe('retry');
    expect(failurePolicy('DEVICE_GONE')).toBe('wait-device');
    expect(failurePolicy('TRUST_PENDING')).toBe('wait-human');
    expect(failurePolicy('NOT_ACTIVATED')).toBe('wait-human');
    expect(failurePolicy('ADE_ASSIGNED')).toBe('fail');
    expect(failurePolicy('SUPERVISED_ELSEWHERE')).toBe('fail');
    expect(failurePolicy('USER_DENIED')).toBe('fail');
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0)).toBe(250);
    expect(backoffMs(1, () => 1)).toBe(500);
    expect(backoffMs(3, () => 1)).toBe(2000);
    expect(backoffMs(20, () => 1)).toBe(15_000);
  });
});
