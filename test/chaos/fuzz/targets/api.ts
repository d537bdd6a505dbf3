import { ApiError, ErrorCode, dispatchToResult, hostedCommands } from '../../../../electron/api/index.js';
import { randomInput, randomString } from '../../core/json-gen.js';
import { classifyError, describe } from '../outcome.js';
import { openStationFixture } from './station-fixture.js';
import type { FuzzTarget } from './types.js';
import { INPUT_KEYS, INPUT_STRINGS } from './vocabulary.js';

const NAMES = Object.keys(hostedCommands);
const isCode = (code: string): boolean => ErrorCode.safeParse(code).success;

/**
 * The server's dispatcher (`dispatchToResult`: look up, zod-parse, run the real handler) with
 * random command names and JSON inputs, in and out of kiosk mode. Every failure must come back as
 * an ApiError whose cause carried a stable code; INTERNAL from an uncoded throw is a crash.
 */
export const api: FuzzTarget = {
  name: 'api',
  weight: 14,
  caseMs: 15_000,
  async setup(ctx) {
    const f = await openStationFixture(ctx.tmp);
    return {
      async run(rng) {
        f.resetError();
        const name = rng.chance(0.9) ? rng.pick(NAMES) : randomString(rng, { strings: [...NAMES.map((n) => `${n}x`), 'constructor', '__proto__', 'toString', ''] });
        const input = randomInput(rng, { keys: INPUT_KEYS, strings: INPUT_STRINGS });
        const r = await dispatchToResult(f.handlers, name, input, { kiosk: rng.chance(0.2) });
        if (r.ok) return { kind: 'ok' };
        if (!ApiError.safeParse(r.error).success) return { kind: 'untyped', detail: `not an ApiError: ${JSON.stringify(r.error).slice(0, 200)}` };
        if (r.error.code !== 'INTERNAL') return { kind: 'typed', code: r.error.code };
        const c = classifyError(r.cause, isCode);
        return c.kind === 'typed' ? c : { kind: 'untyped', detail: `${name}: ${describe(r.cause)}` };
      },
      async close() {
        await f.station.close();
      },
    };
  },
};
