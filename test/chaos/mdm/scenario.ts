import { rmSync } from 'node:fs';
import { MdmActions } from '../../../electron/mdm/actions.js';
import { OutboxWorker } from '../../../electron/mdm/outbox-worker.js';
import { WorkspaceOneConnector } from '../../../electron/mdm/ws1/connector.js';
import { openStore, type Store } from '../../../electron/store/index.js';
import { FakeWs1 } from '../../helpers/fake-ws1.js';
import type { ChaosPlan } from '../options.js';
import { emptyReport, type ScenarioReport } from '../report.js';
import { Rng } from '../core/rng.js';
import { sleep, until } from '../core/wait.js';
import { freshDir } from '../infra/paths.js';
import { ChaosProxy } from './chaos-proxy.js';
import { compareDeliveries } from './invariants.js';
import { buildSchedule, scheduleMs } from './schedule.js';
import { Traffic } from './traffic.js';

const USERS = [11, 12, 13, 14, 15, 16, 17];
const STAGING_USER = 99;

/**
 * MDM outage windows and 429 storms during check-out/check-in traffic, through the real outbox
 * (MdmActions → SQLite outbox → OutboxWorker → Workspace ONE connector) to the stateful fake WS1
 * behind a chaos proxy. The worker is also stopped and replaced mid-flight a few times, as a
 * station restart would. At the end, every device's calls must match what the station did.
 */
export async function runMdm(plan: ChaosPlan, log: (line: string) => void): Promise<ScenarioReport> {
  const report = emptyReport('mdm');
  const t0 = Date.now();
  const cfg = plan.mdm;
  const rng = new Rng(`${plan.seed}:mdm`);
  const dir = freshDir('mdm');
  const seededRandom = rng.fork('backoff');
  const store = openStore(dir, { outboxBackoff: { baseDelayMs: 20, maxDelayMs: 400, maxAttempts: null, jitterRatio: 0.2, random: () => seededRandom.next() } });
  const fake = new FakeWs1();
  let proxy: ChaosProxy | undefined;
  let worker: OutboxWorker | undefined;
  try {
    const serials = Array.from({ length: cfg.devices }, (_, i) => `CHAOS${String(i).padStart(7, '0')}`);
    seed(store, fake, serials);
    await fake.up();
    proxy = new ChaosProxy(fake.url, rng.fork('proxy'));
    await proxy.up();
    const connector = new WorkspaceOneConnector(
      { url: proxy.url, auth: { method: 'basic', username: 'api', password: 'pw', tenantCode: 'TENANT' }, og: 'ACME', stagingUser: 'staging' },
      { http: { timeoutMs: 1_500, retries: 1, baseDelayMs: 5, maxDelayMs: 50 } },
    );
    const newWorker = (): OutboxWorker => new OutboxWorker(store, connector, { concurrency: 4, idleMs: 50, outagePauseMinMs: 20, outagePauseMaxMs: 300 });
    worker = newWorker();
    worker.start();

    const windows = buildSchedule(rng.fork('schedule'), cfg.outages, cfg.storms, cfg.windowMs);
    const total = scheduleMs(windows);
    const traffic = new Traffic(new MdmActions(store), serials, USERS, STAGING_USER);
    const trafficRng = rng.fork('traffic');
    const restartAt = new Set(Array.from({ length: cfg.restarts }, () => rng.int(1, cfg.operations - 1)));
    const opEvery = total / cfg.operations;
    let op = 0;
    const started = Date.now();
    for (const w of windows) {
      await proxy.enter(w);
      const windowEnd = Date.now() + w.ms;
      // Traffic keeps its own pace across windows, so every window sees calls in flight.
      while (Date.now() < windowEnd && op < cfg.operations) {
        const due = started + op * opEvery;
        if (Date.now() < due) {
          await sleep(Math.min(due, windowEnd) - Date.now());
          continue;
        }
        traffic.step(trafficRng);
        op++;
        worker.wake();
        if (restartAt.has(op)) {
          await worker.stop();
          worker = newWorker();
          worker.start();
          report.events++;
        }
      }
      if (w.mode !== 'pass') report.events++;
    }
    await proxy.enter({ mode: 'pass', ms: 0, rate: 0 });
    for (; op < cfg.operations; op++) traffic.step(trafficRng);
    worker.wake();
    const expectedMessages = traffic.ok;
    try {
      await until('the outbox to drain', () => store.outbox.counts().sent + store.outbox.counts().dead === expectedMessages, cfg.drainDeadlineMs, 50);
    } catch (e) {
      report.hangs++;
      report.failures.push(`${(e as Error).message}: ${JSON.stringify(store.outbox.counts())}`);
    }
    const counts = store.outbox.counts();
    const actual = new Map<string, string[]>();
    for (const c of fake.calls) actual.set(c.serial, [...(actual.get(c.serial) ?? []), `${c.op}:${c.arg}`]);
    const verdict = compareDeliveries(traffic.expected, actual, ['enrollmentuser']);
    // The end state too: each device's enrollment user is whoever the station last gave it to.
    serials.forEach((serial, d) => {
      const want = Number(traffic.holder.get(d) ?? STAGING_USER);
      const got = fake.devices.get(serial)?.userId;
      if (got !== want) report.failures.push(`${serial}: the MDM has user ${got} as enrollment user, the station ${want}`);
    });
    report.rounds = 1;
    report.cases = traffic.ok + traffic.refused;
    report.lost += verdict.lost + counts.dead;
    report.duplicated += verdict.duplicated;
    report.failures.push(...verdict.violations, ...traffic.wronglyAccepted);
    if (counts.dead) report.failures.push(`${counts.dead} message(s) dead-lettered: ${store.outbox.deadLetters().slice(0, 3).map((m) => m.lastError).join(' | ')}`);
    if (store.outbox.list({ state: 'pending' }).length + counts.sending > 0) report.failures.push(`outbox not drained: ${JSON.stringify(counts)}`);
    const retried = store.outbox.list({ state: 'sent' }).filter((m) => m.attempts > 1).length;
    const line = `${traffic.ok} check-outs/check-ins on ${cfg.devices} devices (${traffic.refused} impossible ones refused) over ${windows.filter((w) => w.mode !== 'pass').map((w) => `${w.mode}:${(w.ms / 1000).toFixed(1)}s`).join(', ')}; ${cfg.restarts} worker restarts; proxy ${JSON.stringify(proxy.stats)}; ${retried} messages needed more than one attempt; MDM saw ${fake.calls.length} calls (${verdict.repeats} idempotent repeats of the call just made, after a lost answer)`;
    report.notes.push(line);
    log(`[mdm] ${line}`);
  } finally {
    await worker?.stop();
    await proxy?.close();
    await fake.down();
    store.close();
    report.ms = Date.now() - t0;
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

function seed(store: Store, fake: FakeWs1, serials: string[]): void {
  for (const id of USERS) {
    fake.addUser({ id, username: `user${id}` });
    store.users.upsert({ id: String(id), name: `User ${id}`, source: 'mdm' });
  }
  fake.addUser({ id: STAGING_USER, username: 'staging', stagingType: 'MultipleUserStaging' });
  fake.addGroup('ACME', 7);
  serials.forEach((serial, i) => {
    fake.addDevice(serial, STAGING_USER);
    store.devices.upsert({ udid: `udid-${i}`, serial });
  });
}
