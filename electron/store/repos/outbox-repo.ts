import type Database from 'better-sqlite3';
import { addMs, iso, systemClock, type Clock } from '../clock.js';
import { StoreError } from '../errors.js';
import { jsonValueSchema, readJson, toJson, type JsonValue } from '../json.js';
import { statementCache, transactions, type StatementCache, type Transactions } from '../sql.js';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'dead';

export interface OutboxMessage {
  id: number;
  idempotencyKey: string;
  /** Messages with the same key (a serial or UDID) are delivered strictly in `seq` order. */
  deviceKey: string;
  seq: number;
  kind: string;
  payload: JsonValue;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NewOutboxMessage {
  idempotencyKey: string;
  deviceKey: string;
  kind: string;
  payload: JsonValue;
}

export interface EnqueueResult {
  message: OutboxMessage;
  /** True when a message with this idempotency key already existed; nothing new was queued. */
  duplicate: boolean;
}

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many attempts a message is dead-lettered; null retries for ever (outages can be long). */
  maxAttempts: number | null;
  /** Spread retries of many devices over ±ratio of the delay so they do not hit a recovering MDM at once. */
  jitterRatio: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, maxAttempts: null, jitterRatio: 0.2, random: Math.random };

export interface FailureOptions {
  /** The MDM refused the call for good (validation, unknown user): dead-letter now, do not retry. */
  permanent?: boolean;
  /** The MDM said when to come back (429/503 Retry-After); overrides the back-off. */
  retryAfterMs?: number;
}

interface OutboxRecord {
  id: number;
  idempotency_key: string;
  device_key: string;
  seq: number;
  kind: string;
  payload: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/**
 * The first unsent message of each device; only these may be sent, which is what keeps per-device
 * order. A condition on a pending row `o`: no unsent message of its device comes before it. (As a
 * join with each device's MIN(seq), SQLite built a temporary index over the queue at every claim,
 * and the worker claims after every enqueue.)
 */
const IS_HEAD = `NOT EXISTS (SELECT 1 FROM outbox p WHERE p.device_key = o.device_key AND p.seq < o.seq AND p.state IN ('pending', 'sending'))`;

/**
 * The durable MDM queue. Delivery is at-least-once from here (a crash between the MDM's answer and
 * markSent() resends), made exactly-once by the idempotency key the connector sends or checks.
 * Dead-lettered messages step out of their device's line so one poison message does not stall the
 * device for ever; they stay visible until an operator retries them.
 */
export class OutboxRepo {
  private readonly sql: StatementCache;
  /** The database's one transaction function: db.transaction() would build new wrappers at every call. */
  private readonly tx: Transactions;

  constructor(
    db: Database.Database,
    private readonly clock: Clock = systemClock,
    private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF,
  ) {
    this.sql = statementCache(db);
    this.tx = transactions(db);
  }

  /**
   * Call inside the same store.transaction() as the local change it reports, so both happen or
   * neither does. Re-enqueueing a key (a resumed job repeating its "report" step) queues nothing.
   */
  enqueue(message: NewOutboxMessage): EnqueueResult {
    return this.tx((): EnqueueResult => {
      const now = iso(this.clock());
      // RETURNING gives the new row; only a key already used needs the read of what is stored.
      const inserted = this.sql(
        `INSERT INTO outbox (idempotency_key, device_key, seq, kind, payload, next_attempt_at, created_at)
         VALUES (@key, @deviceKey, (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox WHERE device_key = @deviceKey), @kind, @payload, @now, @now)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
      ).get({ key: message.idempotencyKey, deviceKey: message.deviceKey, kind: message.kind, payload: toJson(message.payload), now }) as OutboxRecord | undefined;
      if (inserted) return { message: toMessage(inserted), duplicate: false };
      const stored = this.getByKey(message.idempotencyKey);
      if (!stored) throw new StoreError('NOT_FOUND', `Outbox message ${message.idempotencyKey} vanished`);
      if (stored.deviceKey !== message.deviceKey || stored.kind !== message.kind) {
        throw new StoreError(
          'CONFLICT',
          `Idempotency key ${message.idempotencyKey} is already used by a ${stored.kind} message for ${stored.deviceKey}`,
        );
      }
      return { message: stored, duplicate: true };
    });
  }

  /**
   * Claims up to `limit` messages that are due, at most one per device (its head), marking them
   * `sending` and counting the attempt. A device whose head is already being sent yields nothing.
   */
  claimReady(limit = 16): OutboxMessage[] {
    return this.tx(() => {
      const now = iso(this.clock());
      const rows = this.sql(`SELECT o.* FROM outbox o WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND ${IS_HEAD} ORDER BY o.next_attempt_at, o.id LIMIT ?`).all(now, limit) as OutboxRecord[];
      const claim = this.sql(`UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?`);
      for (const row of rows) claim.run(row.id);
      return rows.map((row) => toMessage({ ...row, state: 'sending', attempts: row.attempts + 1 }));
    });
  }

  /** The device's next message, if it is due and nothing of that device is in flight. */
  claimNextFor(deviceKey: string): OutboxMessage | undefined {
    return this.tx(() => {
      const row = this.sql(`SELECT o.* FROM outbox o WHERE o.device_key = ? AND o.state = 'pending' AND o.next_attempt_at <= ? AND ${IS_HEAD}`).get(deviceKey, iso(this.clock())) as
        | OutboxRecord
        | undefined;
      if (!row) return undefined;
      this.sql(`UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?`).run(row.id);
      return toMessage({ ...row, state: 'sending', attempts: row.attempts + 1 });
    });
  }

  /** One statement: the UPDATE checks the state itself and returns the row (no read before or after). */
  markSent(id: number): OutboxMessage {
    const row = this.sql(`UPDATE outbox SET state = 'sent', sent_at = ? WHERE id = ? AND state = 'sending' RETURNING *`).get(iso(this.clock()), id) as OutboxRecord | undefined;
    if (row) return toMessage(row);
    // Not in flight (or no such message): the same errors as before, naming what it is.
    this.requireState(id, 'sending');
    throw new StoreError('INVALID_TRANSITION', `Outbox message ${id} is not sending`);
  }

  /** Schedules a retry with back-off, or dead-letters the message (permanent error or attempts spent). */
  markFailed(id: number, error: string, options: FailureOptions = {}): OutboxMessage {
    return this.tx(() => {
      const message = this.requireState(id, 'sending');
      const spent = this.backoff.maxAttempts !== null && message.attempts >= this.backoff.maxAttempts;
      if (options.permanent || spent) {
        this.sql(`UPDATE outbox SET state = 'dead', last_error = ? WHERE id = ?`).run(error, id);
      } else {
        const next = addMs(this.clock(), options.retryAfterMs ?? this.delayAfter(message.attempts));
        this.sql(`UPDATE outbox SET state = 'pending', last_error = ?, next_attempt_at = ? WHERE id = ?`).run(error, iso(next), id);
      }
      return this.require(id);
    });
  }

  /** At start-up: a message left `sending` by a killed station is sent again (the key makes that safe). */
  releaseInFlight(): number {
    return this.sql(`UPDATE outbox SET state = 'pending' WHERE state = 'sending'`).run().changes;
  }

  /** An operator's "try again" on a dead letter: back in its original place in the device's line. */
  retryDead(id: number): OutboxMessage {
    return this.tx(() => {
      this.requireState(id, 'dead');
      this.sql(`UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ?`).run(iso(this.clock()), id);
      return this.require(id);
    });
  }

  get(id: number): OutboxMessage | undefined {
    const row = this.sql('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRecord | undefined;
    return row && toMessage(row);
  }

  getByKey(idempotencyKey: string): OutboxMessage | undefined {
    const row = this.sql('SELECT * FROM outbox WHERE idempotency_key = ?').get(idempotencyKey) as OutboxRecord | undefined;
    return row && toMessage(row);
  }

  list(filter: { state?: OutboxState; deviceKey?: string; limit?: number } = {}): OutboxMessage[] {
    const rows = this.sql(
      `SELECT * FROM outbox WHERE (@state IS NULL OR state = @state) AND (@deviceKey IS NULL OR device_key = @deviceKey) ORDER BY id LIMIT @limit`,
    ).all({ state: filter.state ?? null, deviceKey: filter.deviceKey ?? null, limit: filter.limit ?? 1_000 }) as OutboxRecord[];
    return rows.map(toMessage);
  }

  deadLetters(limit = 1_000): OutboxMessage[] {
    return this.list({ state: 'dead', limit });
  }

  counts(): Record<OutboxState, number> {
    const rows = this.sql('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: OutboxState; n: number }[];
    const counts: Record<OutboxState, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /**
   * When the next claimable message becomes due, so a worker can sleep until then. Only device
   * heads count: a message queued behind a backed-off head is not claimable, however old it is.
   */
  nextDueAt(): string | undefined {
    const row = this.sql(`SELECT MIN(o.next_attempt_at) AS at FROM outbox o WHERE o.state = 'pending' AND ${IS_HEAD}`).get() as { at: string | null };
    return row.at ?? undefined;
  }

  private delayAfter(attempts: number): number {
    const { baseDelayMs, maxDelayMs, jitterRatio, random } = this.backoff;
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
    const jitter = exponential * jitterRatio * (random() * 2 - 1);
    return Math.max(0, Math.round(Math.min(maxDelayMs, exponential + jitter)));
  }

  private requireState(id: number, state: OutboxState): OutboxMessage {
    const message = this.require(id);
    if (message.state !== state) throw new StoreError('INVALID_TRANSITION', `Outbox message ${id} is ${message.state}, not ${state}`);
    return message;
  }

  private require(id: number): OutboxMessage {
    const message = this.get(id);
    if (!message) throw new StoreError('NOT_FOUND', `No outbox message ${id}`);
    return message;
  }
}

function toMessage(r: OutboxRecord): OutboxMessage {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    deviceKey: r.device_key,
    seq: r.seq,
    kind: r.kind,
    payload: readJson(r.payload, jsonValueSchema, `outbox ${r.id} payload`),
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}
