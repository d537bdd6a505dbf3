import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../chaos/core/rng.js';
import type { CaseOutcome } from '../../chaos/fuzz/outcome.js';
import { target } from '../../chaos/fuzz/targets/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'cw-fuzz-sec-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function runCases(name: string, cases: number): Promise<CaseOutcome[]> {
  const runner = await target(name).setup({ seed: 'security', tmp });
  const outcomes: CaseOutcome[] = [];
  for (let i = 0; i < cases; i++) outcomes.push(await runner.run(new Rng(`security:${name}:${i}`), i));
  await runner.close?.();
  return outcomes;
}

/** A few hundred seeded cases of the new chaos fuzz targets: every one accepted safely or refused with a code. */
describe('chaos fuzz targets for hostile identity values and .p12 iteration counts', () => {
  for (const [name, cases] of [['device-identity', 400], ['output-path', 400], ['p12-iterations', 40]] as const) {
    it(`${name}: no untyped outcome in ${cases} cases, and both outcomes occur`, async () => {
      const outcomes = await runCases(name, cases);
      expect(outcomes.filter((o) => o.kind === 'untyped')).toEqual([]);
      expect(outcomes.some((o) => o.kind === 'ok')).toBe(true);
      expect(outcomes.some((o) => o.kind === 'typed')).toBe(true);
    }, 120_000);
  }
});
