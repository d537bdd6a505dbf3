/**
 * A fuzz worker process: runs one target's cases [from, to) and reports each as it ends. It is a
 * separate process so the scenario can time a case out even when it blocks the event loop (a
 * synchronous parser stuck in a loop) or takes the process down (a native crash in the addon).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StartMessage, WorkerMessage } from './protocol.js';
import { caseRng } from './case-rng.js';
import { target } from './targets/index.js';

const send = (m: WorkerMessage): Promise<void> => new Promise((resolve) => process.send?.(m, undefined, undefined, () => resolve()));

process.once('message', (raw) => {
  void run(raw as StartMessage).then(
    () => process.exit(0),
    async (e: unknown) => {
      await send({ type: 'fatal', detail: (e as Error).stack ?? String(e) });
      process.exit(1);
    },
  );
});

async function run(m: StartMessage): Promise<void> {
  const t = target(m.target);
  const tmp = join(m.tmp, `${m.target}-${m.from}`);
  mkdirSync(tmp, { recursive: true });
  const runner = await t.setup({ seed: m.seed, tmp, ...(m.cart ? { cart: m.cart } : {}) });
  await send({ type: 'ready' });
  for (let i = m.from; i < m.to; i++) {
    const t0 = performance.now();
    const o = await runner.run(caseRng(m.seed, m.target, i), i);
    await send({ type: 'case', i, kind: o.kind, ...(o.kind === 'typed' ? { code: o.code } : {}), ...(o.kind === 'untyped' ? { detail: o.detail } : {}), ms: Math.round(performance.now() - t0) });
  }
  await runner.close?.();
  await send({ type: 'done' });
}

