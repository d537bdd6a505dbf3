import type { ChaosPlan } from '../options.js';
import type { Rng } from '../core/rng.js';
import { sleep } from '../core/wait.js';
import type { CartProcess } from '../infra/cart.js';
import type { CliRun, StationDir } from '../infra/station.js';

export interface KillRecord {
  what: 'prepare' | 'resume';
  atMs: number;
  /** Devices the cart reports supervised right after the kill: where in the batch it landed. */
  supervised: number;
}

export interface AttemptsOutcome {
  kills: KillRecord[];
  attempts: number;
  hang: string | null;
  ms: number;
}

const MAX_ATTEMPTS = 10;

/**
 * Runs `prepare`, then `stage --resume` as often as needed, SIGKILLing some runs at seeded
 * moments: the first run always (if it is still alive then), later ones by chance, at most
 * `maxKills` per round. Ends when the journal has no unfinished job, or reports a hang.
 */
export async function runUntilSettled(station: StationDir, cart: CartProcess, rng: Rng, cfg: ChaosPlan['kill'], args: { prepare: string[]; resume: string[] }): Promise<AttemptsOutcome> {
  const t0 = Date.now();
  const kills: KillRecord[] = [];
  let attempts = 0;
  for (; attempts < MAX_ATTEMPTS; ) {
    const batch = journal(station);
    if (batch.jobs > 0 && batch.unfinished === 0) break;
    const what = batch.jobs === 0 ? 'prepare' : 'resume';
    const trigger = attempts === 0 ? firstKill(rng, cfg) : kills.length < cfg.maxKills && rng.chance(cfg.resumeKillChance) ? ({ afterMs: rng.int(...cfg.laterKillMs) } as KillTrigger) : null;
    attempts++;
    const started = Date.now();
    const run = station.spawn(what === 'prepare' ? args.prepare : args.resume);
    if (trigger !== null && (await killWhen(run, cart, trigger, cfg.attemptDeadlineMs))) {
      kills.push({ what, atMs: Date.now() - started, supervised: (await cart.devices()).filter((d) => d.supervised).length });
      continue;
    }
    const finished = await settleWithin(run, cfg.attemptDeadlineMs);
    if (!finished) {
      const left = journal(station);
      return { kills, attempts, hang: `${what} did not finish within ${cfg.attemptDeadlineMs / 1000} s (${left.unfinished} job(s) unfinished) — killed`, ms: Date.now() - t0 };
    }
  }
  const left = journal(station);
  const hang = left.jobs === 0 || left.unfinished > 0 ? `gave up after ${attempts} runs: ${left.jobs} job(s), ${left.unfinished} unfinished` : null;
  return { kills, attempts, hang, ms: Date.now() - t0 };
}

/** When to kill: after a delay, or once `supervised` devices are done plus a delay (progress, not wall time, so it lands mid-batch on a slow machine too). */
interface KillTrigger {
  afterMs: number;
  supervised?: number;
}

/** A fifth of first kills hit start-up and the first pairings; the rest land at a seeded point of the batch's progress. */
function firstKill(rng: Rng, cfg: ChaosPlan['kill']): KillTrigger {
  if (rng.chance(0.2)) return { afterMs: rng.int(...cfg.earlyKillMs) };
  return { supervised: rng.int(1, cfg.devices - 1), afterMs: rng.int(0, cfg.progressJitterMs) };
}

/** SIGKILLs the run when the trigger fires, unless it ended before; true when the kill landed. */
async function killWhen(run: CliRun, cart: CartProcess, trigger: KillTrigger, boundMs: number): Promise<boolean> {
  let ended = false;
  void run.done.then(() => (ended = true));
  const deadline = Date.now() + boundMs;
  if (trigger.supervised !== undefined) {
    while (!ended && Date.now() < deadline) {
      const n = await cart.devices().then((ds) => ds.filter((d) => d.supervised).length, () => 0);
      if (n >= trigger.supervised) break;
      await sleep(150);
    }
  }
  const until = Date.now() + trigger.afterMs;
  while (!ended && Date.now() < until) await sleep(Math.min(50, until - Date.now()));
  if (ended) return false;
  run.child.kill('SIGKILL');
  await run.done;
  return true;
}

async function settleWithin(run: CliRun, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const winner = await Promise.race([run.done.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  if (!winner) {
    run.child.kill('SIGKILL');
    await run.done;
  }
  return winner;
}

/** Jobs in the journal, read between runs (no writer alive); an unreadable file counts as "no batch yet". */
function journal(station: StationDir): { jobs: number; unfinished: number } {
  try {
    const [row] = station.query<{ jobs: number; unfinished: number | null }>("SELECT count(*) AS jobs, sum(state IN ('queued', 'running', 'paused')) AS unfinished FROM jobs");
    return { jobs: row?.jobs ?? 0, unfinished: row?.unfinished ?? 0 };
  } catch {
    return { jobs: 0, unfinished: 0 };
  }
}
