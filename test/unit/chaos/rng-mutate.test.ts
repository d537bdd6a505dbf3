import { describe, expect, it } from 'vitest';
import { walkDer } from '../../chaos/core/der.js';
import { randomInput, randomJson } from '../../chaos/core/json-gen.js';
import { mutateBytes, mutateDer, mutateText } from '../../chaos/core/mutate.js';
import { Rng } from '../../chaos/core/rng.js';
import { caseRng } from '../../chaos/fuzz/case-rng.js';

// SEQUENCE { INTEGER 3, SEQUENCE { OID 1.2.840.113549.1.7.1, [0] { OCTET STRING (empty) } } }
const DER = Buffer.from('3014020103300f06092a864886f70d010701a0020400', 'hex');

describe('seeded randomness', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = new Rng('seed-1');
    const b = new Rng('seed-1');
    const c = new Rng('seed-2');
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('forks are independent of how much the parent was used after forking', () => {
    const p1 = new Rng('p');
    const f1 = p1.fork('kill');
    const p2 = new Rng('p');
    const f2 = p2.fork('kill');
    p2.next();
    expect(f1.next()).toBe(f2.next());
  });

  it('keeps int, pick and weighted within their ranges', () => {
    const r = new Rng(7);
    for (let i = 0; i < 500; i++) {
      const n = r.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
      expect(['a', 'b']).toContain(r.pick(['a', 'b']));
      expect(r.weighted([['x', 1], ['y', 0]] as const)).toBe('x');
    }
  });

  it('gives every fuzz case its own stream, reproducible from seed, target and index', () => {
    expect(caseRng('s', 'csv', 3).next()).toBe(caseRng('s', 'csv', 3).next());
    expect(caseRng('s', 'csv', 3).next()).not.toBe(caseRng('s', 'csv', 4).next());
    expect(caseRng('s', 'csv', 3).next()).not.toBe(caseRng('s', 'api', 3).next());
  });
});

describe('mutations', () => {
  it('are deterministic per seed', () => {
    const input = Buffer.from('hello, configuration profile');
    expect(mutateBytes(input, new Rng('m'))).toEqual(mutateBytes(input, new Rng('m')));
    expect(mutateText('a,b\n1,2\n', new Rng('t'))).toBe(mutateText('a,b\n1,2\n', new Rng('t')));
    expect(mutateDer(DER, new Rng('d'))).toEqual(mutateDer(DER, new Rng('d')));
  });

  it('never modify their input, and usually change it', () => {
    const input = Buffer.from(DER);
    let changed = 0;
    for (let i = 0; i < 200; i++) {
      const out = mutateDer(input, new Rng(`der-${i}`));
      if (!out.equals(DER)) changed++;
      if (!mutateBytes(input, new Rng(`b-${i}`)).equals(DER)) changed++;
    }
    expect(input).toEqual(DER);
    expect(changed).toBeGreaterThan(350);
  });

  it('walk DER headers to where lengths and tags sit', () => {
    const tlvs = walkDer(DER);
    expect(tlvs.map((t) => DER[t.tag])).toEqual([0x30, 0x02, 0x30, 0x06, 0xa0, 0x04]);
    expect(tlvs[0]).toMatchObject({ tag: 0, length: 1, lengthBytes: 1, contents: 2, size: 20 });
    expect(walkDer(Buffer.from([0x30, 0x84, 0xff]))).toEqual([]);
  });
});

describe('random JSON', () => {
  it('is valid JSON, bounded in depth, and uses the vocabulary', () => {
    const options = { keys: ['udid', 'name'], strings: ['x'], maxDepth: 3 };
    const depth = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(depth)) : 0);
    let vocab = 0;
    for (let i = 0; i < 300; i++) {
      const v = randomJson(new Rng(i), options);
      expect(JSON.parse(JSON.stringify(v) ?? 'null')).toEqual(JSON.parse(JSON.stringify(v) ?? 'null'));
      expect(depth(v)).toBeLessThanOrEqual(4);
      const input = randomInput(new Rng(`in-${i}`), options);
      if (input && typeof input === 'object' && !Array.isArray(input) && Object.keys(input).some((k) => options.keys.includes(k))) vocab++;
    }
    expect(vocab).toBeGreaterThan(100);
  });
});
