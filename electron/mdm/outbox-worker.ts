import type { OutboxMessage, Store } from '../store/index.js';
import type { MdmConnector } from './connector.js';
import { MdmError } from './errors.js';
import { abortableSleep } from './http.js';
import { createMdmLogger, type Logger } from './logger.js';
import { deliver } from './messages.js';
import type { CallOutcome } from './types.js';

export interface OutboxWorkerOptions {
  /** Devices served at once; each device still gets one message at a time, in order. */
  concurrency?: number;
  /** Longest sleep when nothing is due (a new enqueue can wake() the worker sooner). */
  idleMs?: number;
  /** While the MDM is unreachable the whole worker pauses, growing from min to max. */
  outagePauseMinMs?: number;
  outagePauseMaxMs?: number;
  logger?: Logger;
  onDelivered?: (message: OutboxMessage, outcome: CallOutcome) => void;
  onFailed?: (message: OutboxMessage, error: MdmError, dead: boolean) => void;
}

export interface DrainReport {
  delivered: number;
  failed: number;
  dead: number;
}

/** Why an idle sleep ended early: a message was enqueued. */
const WOKEN = new Error('outbox worker woken');

/**
 * Drains the store's outbox into the MDM.
 *
 * Guarantees: a message is marked sent only after the connector returned (the MDM accepted it or
 * it was already so); failures are retried with the store's back-off, or dead-lettered with the
 * MDM's own error when the MDM refused for good; per-device order comes from the store, which
 * only hands out each device's head. start() releases messages a killed station left `sending`.
 *
 * The crash window: if the station dies after the MDM accepted a call but before markSent()
 * commits, the message is sent again after restart. Redeliveries (attempts > 1) are flagged to
 * the connector, which first reads the device and skips a call whose effect is already there
 * (same enrollment user, wipe pending, same group), so the MDM sees the change once.
 */
export class OutboxWorker {
  private readonly o: Required<Omit<OutboxWorkerOptions, 'logger' | 'onDelivered' | 'onFailed'>> & Pick<OutboxWorkerOptions, 'onDelivered' | 'onFailed'>;
  private readonly log: Logger;
  private running: Promise<void> | undefined;
  private stopper: AbortController | undefined;
  private waker: AbortController | undefined;
  private outagePause = 0;

  constructor(
    private readonly store: Store,
    private readonly connector: MdmConnector,
    options: OutboxWorkerOptions = {},
  ) {
    this.o = { concurrency: 8, idleMs: 5_000, outagePauseMinMs: 1_000, outagePauseMaxMs: 60_000, ...options };
    this.log = options.logger ?? createMdmLogger();
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (this.running) return;
    const released = this.store.outbox.releaseInFlight();
    if (released) this.log.info({ released }, 'outbox: resending messages left in flight by the last run');
    this.stopper = new AbortController();
    const signal = this.stopper.signal;
    this.running = this.loop(signal).finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    this.stopper?.abort(new Error('outbox worker stopped'));
    await this.running;
  }

  /** Call after enqueueing so the message leaves now rather than at the next idle tick. */
  wake(): void {
    // A reason given: abort() with none builds a DOMException (and its stack) on every call, also
    // when the worker is already awake, and this runs at every job transition (issue 14 profile).
    this.waker?.abort(WOKEN);
  }

  /** One pass: claims what is due (one head per device) and delivers it. */
  async drainOnce(signal?: AbortSignal): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, failed: 0, dead: 0 };
    const batch = this.store.outbox.claimReady(this.o.concurrency);
    let outage = false;
    await Promise.all(
      batch.map(async (message) => {
        const result = await this.deliverOne(message, signal);
        report[result]++;
        if (result === 'failed') outage = true;
      }),
    );
    this.outagePause = outage ? Math.min(this.o.outagePauseMaxMs, Math.max(this.o.outagePauseMinMs, this.outagePause * 2)) : 0;
    return report;
  }

  /**
   * Delivers until nothing is due or `maxRounds` passes ran (CLI `mdm sync`, tests). Messages
   * backing off into the future are left for the background loop.
   */
  async drain(maxRounds = 1_000, signal?: AbortSignal): Promise<DrainReport> {
    const total: DrainReport = { delivered: 0, failed: 0, dead: 0 };
    for (let round = 0; round < maxRounds; round++) {
      const r = await this.drainOnce(signal);
      total.delivered += r.delivered;
      total.failed += r.failed;
      total.dead += r.dead;
      if (r.delivered + r.failed + r.dead === 0 || r.failed > 0) break;
    }
    return total;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let worked = false;
      try {
        const r = await this.drainOnce(signal);
        worked = r.delivered + r.dead > 0;
      } catch (error) {
        if (signal.aborted) break;
        this.log.error({ err: (error as Error).message }, 'outbox: pass failed');
      }
      if (worked && this.outagePause === 0) continue;
      await this.idle(signal);
    }
  }

  private async idle(signal: AbortSignal): Promise<void> {
    const due = this.store.outbox.nextDueAt();
    const untilDue = due === undefined ? this.o.idleMs : Math.max(0, Date.parse(due) - Date.now());
    const wait = Math.max(this.outagePause, Math.min(this.o.idleMs, untilDue));
    if (wait <= 0) return;
    this.waker = new AbortController();
    try {
      await abortableSleep(wait, AbortSignal.any([signal, this.waker.signal]));
    } catch {
      // woken or stopped
    }
  }

  private async deliverOne(message: OutboxMessage, signal?: AbortSignal): Promise<keyof DrainReport> {
    try {
      const outcome = await deliver(this.connector, message, { idempotencyKey: message.idempotencyKey, redelivery: message.attempts > 1, ...(signal ? { signal } : {}) });
      this.store.outbox.markSent(message.id);
      this.log.debug({ id: message.id, kind: message.kind, device: message.deviceKey, status: outcome.status }, 'outbox: delivered');
      this.o.onDelivered?.(message, outcome);
      return 'delivered';
    } catch (caught) {
      if (signal?.aborted) {
        // Stopping: leave it for the next start (releaseInFlight) instead of counting an attempt as failed.
        this.store.outbox.markFailed(message.id, 'station stopped during delivery', { retryAfterMs: 0 });
        return 'failed';
      }
      const error = caught instanceof MdmError ? caught : new MdmError('MDM_UNAVAILABLE', `unexpected failure: ${(caught as Error).message}`, { retryable: true, cause: caught });
      // Wrong credentials are fixed by an operator, not by the message: keep retrying, never dead-letter.
      const permanent = !error.retryable && error.code !== 'UNAUTHORIZED';
      const stored = this.store.outbox.markFailed(message.id, error.describe(), { permanent, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) });
      const dead = stored.state === 'dead';
      this.log.warn({ id: message.id, kind: message.kind, device: message.deviceKey, dead, error: error.describe() }, 'outbox: delivery failed');
      this.o.onFailed?.(message, error, dead);
      return dead ? 'dead' : 'failed';
    }
  }
}
