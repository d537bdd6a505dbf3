import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChaosPlan } from '../options.js';
import { emptyReport, type ScenarioReport } from '../report.js';
import { track } from '../core/procs.js';
import { CartProcess } from '../infra/cart.js';
import { freshDir, REPO_ROOT } from '../infra/paths.js';
import { emptyTally, tally, type TargetTally } from './outcome.js';
import type { StartMessage, WorkerMessage } from './protocol.js';
import { shareCases, TARGETS } from './targets/index.js';
import type { FuzzTarget } from './targets/types.js';

const WORKER = join(REPO_ROOT, 'test/chaos/fuzz/worker.ts');
const SETUP_MS = 180_000;
const MAX_RESTARTS = 25;

/**
 * Malformed-input fuzzing: seeded cases split across targets by weight, each target in a worker
 * process watched case by case. A case that outlives its bound is a hang (the worker is killed and
 * a fresh one resumes after it); a worker that dies is a crash; an untyped error is a crash too.
 */
export async function runFuzz(plan: ChaosPlan, log: (line: string) => void): Promise<ScenarioReport> {
  const report = emptyReport('fuzz');
  const t0 = Date.now();
  const tmp = freshDir('fuzz');
  const shares = shareCases(plan.fuzz.cases, TARGETS);
  let cart: CartProcess | undefined;
  try {
    for (const t of TARGETS) {
      const n = shares.get(t.name) ?? 0;
      if (t.needsCart && !cart) {
        cart = new CartProcess({ devices: 4, seed: `${plan.seed}:fuzz:cart` });
        await cart.start();
      }
      const started = Date.now();
      const result = await runTarget(t, n, plan.seed, tmp, cart);
      report.cases += result.cases;
      report.hangs += result.hangs.length;
      report.crashes += result.crashes.length + result.untyped.length;
      for (const i of result.hangs) report.failures.push(`${t.name} #${i}: no answer within ${t.caseMs / 1000} s (hang)`);
      for (const c of result.crashes) report.failures.push(`${t.name} #${c.i}: worker died: ${c.detail}`);
      for (const u of result.untyped) report.failures.push(`${t.name} #${u.i}: untyped ${u.detail}`);
      const codes = Object.entries(result.typed).sort((a, b) => b[1] - a[1]).map(([c, k]) => `${c}×${k}`).join(' ');
      const line = `${t.name}: ${result.cases} cases — ${result.ok} accepted, ${result.cases - result.ok - result.untyped.length} typed errors [${codes}], ${result.untyped.length} untyped, ${result.hangs.length} hangs, ${result.crashes.length} crashes; slowest ${result.slowestMs} ms; ${((Date.now() - started) / 1000).toFixed(0)} s`;
      report.notes.push(line);
      log(`[fuzz] ${line}`);
    }
    report.notes.push(`replay a case: the same --seed; case i of a target uses Rng("<seed>:fuzz:<target>:<i>")`);
  } finally {
    await cart?.stop();
    rmSync(tmp, { recursive: true, force: true });
    report.ms = Date.now() - t0;
  }
  report.rounds = TARGETS.length;
  return report;
}

async function runTarget(t: FuzzTarget, n: number, seed: string, tmp: string, cart: CartProcess | undefined): Promise<TargetTally> {
  const out = emptyTally();
  let from = 0;
  for (let restarts = 0; from < n && restarts <= MAX_RESTARTS; restarts++) {
    const r = await runWorker(t, { type: 'start', target: t.name, seed, from, to: n, tmp, ...(cart ? { cart: { usbmuxd: cart.usbmuxd, control: cart.control } } : {}) }, out);
    if (r.end === 'done') return out;
    if (r.end === 'fatal') {
      out.crashes.push({ i: r.next, detail: `set-up failed: ${r.detail}` });
      return out;
    }
    if (r.end === 'hang') out.hangs.push(r.next);
    else out.crashes.push({ i: r.next, detail: r.detail });
    from = r.next + 1;
  }
  return out;
}

type WorkerEnd = { end: 'done'; next: number } | { end: 'hang' | 'crash' | 'fatal'; next: number; detail: string };

function runWorker(t: FuzzTarget, start: StartMessage, out: TargetTally): Promise<WorkerEnd> {
  return new Promise((resolve) => {
    const child = track(fork(WORKER, [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, UV_THREADPOOL_SIZE: '64' } }));
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-1500)));
    let next = start.from;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (end: WorkerEnd): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode !== null || child.signalCode !== null) return resolve(end);
      // A finished worker exits by itself; anything else is killed. Either way, resolve once it is gone.
      const hard = setTimeout(() => child.kill('SIGKILL'), end.end === 'done' ? 10_000 : 0);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve(end);
      });
    };
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish({ end: 'hang', next, detail: 'timed out' }), ms);
    };
    arm(SETUP_MS);
    child.on('message', (raw) => {
      const m = raw as WorkerMessage;
      if (m.type === 'ready') arm(t.caseMs);
      else if (m.type === 'case') {
        tally(out, m.i, m.kind === 'ok' ? { kind: 'ok' } : m.kind === 'typed' ? { kind: 'typed', code: m.code ?? '?' } : { kind: 'untyped', detail: m.detail ?? '?' }, m.ms);
        next = m.i + 1;
        arm(t.caseMs);
      } else if (m.type === 'done') finish({ end: 'done', next });
      else if (m.type === 'fatal') finish({ end: next === start.from ? 'fatal' : 'crash', next, detail: m.detail.slice(0, 600) });
    });
    child.once('exit', (code, signal) => {
      // The exit may overtake the last 'done' message: a clean exit after the last case is a finish.
      if (code === 0 && next >= start.to) return finish({ end: 'done', next });
      finish({ end: 'crash', next, detail: `exit ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
    child.send(start);
  });
}
