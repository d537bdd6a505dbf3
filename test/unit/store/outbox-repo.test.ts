import { describe, expect, it } from 'vitest';
import { openStore, type BackoffPolicy } from '../../../electron/store/index.js';
import { testStore } from './helpers.js';

const NO_JITTER: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: null, jitterRatio: 0, random: () => 0.5 };

function checkout(serial: string, n: number) {
  return { idempotencyKey: `checkout:${serial}:${n}`, deviceKey: serial, kind: 'checkout', payload: { serial, n } };
}

describe('OutboxRepo', () => {
  it('numbers messages per device and keeps the idempotency key unique', () => {
    const { store } = testStore();
    const a1 = store.outbox.enqueue(checkout('A', 1));
    const b1 = store.outbox.enqueue(checkout('B', 1));
    const a2 = store.outbox.enqueue(checkout('A', 2));
    expect([a1.message.seq, b1.message.seq, a2.message.seq]).toEqual([1, 1, 2]);
    const again = store.outbox.enqueue(checkout('A', 1));
    expect(again).toMatchObject({ duplicate: true, message: { id: a1.message.id } });
    expect(store.outbox.list()).toHaveLength(3);
    expect(() => store.outbox.enqueue({ ...checkout('B', 9), idempotencyKey: 'checkout:A:1' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    // The database itself enforces the uniqueness, whatever code writes to it.
    expect(() =>
      store.db
        .prepare(`INSERT INTO outbox (idempotency_key, device_key, seq, kind, payload, next_attempt_at, created_at) VALUES ('checkout:A:1', 'Z', 1, 'k', '{}', 'x', 'x')`)
        .run(),
    ).toThrow(/UNIQUE constraint failed: outbox.idempotency_key/);
  });

  it('delivers strictly in order per device while devices proceed in parallel', () => {
    const { store } = testStore({ outboxBackoff: NO_JITTER });
    store.outbox.enqueue(checkout('A', 1));
    store.outbox.enqueue(checkout('A', 2));
    store.outbox.enqueue(checkout('B', 1));
    const first = store.outbox.claimReady();
    expect(first.map((m) => m.idempotencyKey)).toEqual(['checkout:A:1', 'checkout:B:1']);
    expect(first.every((m) => m.state === 'sending' && m.attempts === 1)).toBe(true);
    // A's second message waits while its first is in flight.
    expect(store.outbox.claimReady()).toEqual([]);
    expect(store.outbox.claimNextFor('A')).toBeUndefined();
    store.outbox.markSent(first[0]!.id);
    expect(store.outbox.claimNextFor('A')?.idempotencyKey).toBe('checkout:A:2');
  });

  it('backs a failed message off exponentially, honours Retry-After, and holds the device line meanwhile', () => {
    const { store, clock } = testStore({ outboxBackoff: NO_JITTER });
    store.outbox.enqueue(checkout('A', 1));
    store.outbox.enqueue(checkout('A', 2));
    const [m] = store.outbox.claimReady();
    const failed = store.outbox.markFailed(m!.id, 'ECONNREFUSED');
    expect(failed).toMatchObject({ state: 'pending', attempts: 1, lastError: 'ECONNREFUSED', nextAttemptAt: '2026-03-02T08:00:01.000Z' });
    expect(store.outbox.claimReady()).toEqual([]); // not due yet, and A:2 may not overtake it
    expect(store.outbox.nextDueAt()).toBe('2026-03-02T08:00:01.000Z');
    clock.advance(1_000);
    const [again] = store.outbox.claimReady();
    expect(again).toMatchObject({ idempotencyKey: 'checkout:A:1', attempts: 2 });
    expect(store.outbox.markFailed(again!.id, 'HTTP 503').nextAttemptAt).toBe('2026-03-02T08:00:03.000Z');
    clock.advance(2_000);
    const [third] = store.outbox.claimReady();
    expect(store.outbox.markFailed(third!.id, 'HTTP 429', { retryAfterMs: 30_000 }).nextAttemptAt).toBe('2026-03-02T08:00:33.000Z');
  });

  it('dead-letters a poison message, lets the device line move on, and can retry it', () => {
    const { store } = testStore({ outboxBackoff: NO_JITTER });
    store.outbox.enqueue(checkout('A', 1));
    store.outbox.enqueue(checkout('A', 2));
    const [poison] = store.outbox.claimReady();
    const dead = store.outbox.markFailed(poison!.id, 'WS1 400: user not found', { permanent: true });
    expect(dead).toMatchObject({ state: 'dead', lastError: 'WS1 400: user not found' });
    expect(store.outbox.deadLetters().map((m) => m.id)).toEqual([poison!.id]);
    const [next] = store.outbox.claimReady();
    expect(next?.idempotencyKey).toBe('checkout:A:2');
    store.outbox.markSent(next!.id);
    expect(store.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 1, dead: 1 });
    expect(store.outbox.retryDead(poison!.id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(store.outbox.claimReady().map((m) => m.id)).toEqual([poison!.id]);
  });

  it('dead-letters once the attempts are spent, when a limit is set', () => {
    const { store } = testStore({ outboxBackoff: { ...NO_JITTER, baseDelayMs: 0, maxAttempts: 2 } });
    const { message } = store.outbox.enqueue(checkout('A', 1));
    store.outbox.claimReady();
    expect(store.outbox.markFailed(message.id, 'timeout').state).toBe('pending');
    store.outbox.claimReady();
    expect(store.outbox.markFailed(message.id, 'timeout').state).toBe('dead');
  });

  it('refuses to mark a message that is not in flight', () => {
    const { store } = testStore();
    const { message } = store.outbox.enqueue(checkout('A', 1));
    expect(() => store.outbox.markSent(message.id)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('survives a restart: nothing queued is lost and an in-flight message is sent again', () => {
    const { store, dir } = testStore({ outboxBackoff: NO_JITTER });
    store.outbox.enqueue(checkout('A', 1));
    store.outbox.enqueue(checkout('A', 2));
    store.outbox.claimReady(); // killed while A:1 was being sent
    store.close();
    const reopened = openStore(dir, { outboxBackoff: NO_JITTER });
    try {
      expect(reopened.outbox.releaseInFlight()).toBe(1);
      const [resent] = reopened.outbox.claimReady();
      expect(resent).toMatchObject({ idempotencyKey: 'checkout:A:1', attempts: 2 });
      expect(reopened.outbox.list({ deviceKey: 'A' }).map((m) => m.state)).toEqual(['sending', 'pending']);
    } finally {
      reopened.close();
    }
  });

  it('adds jitter within the configured ratio', () => {
    const { store } = testStore({ outboxBackoff: { ...NO_JITTER, baseDelayMs: 10_000, jitterRatio: 0.2, random: () => 1 } });
    const { message } = store.outbox.enqueue(checkout('A', 1));
    store.outbox.claimReady();
    expect(store.outbox.markFailed(message.id, 'x').nextAttemptAt).toBe('2026-03-02T08:00:12.000Z');
  });
});
