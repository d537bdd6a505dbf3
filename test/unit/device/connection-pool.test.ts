import { describe, expect, it, vi } from 'vitest';
import { ConnectionPool } from '../../../electron/device/connection-pool.js';
import { DeviceError } from '../../../electron/device/errors.js';
import { TransportError } from '../../../electron/device/transport-types.js';

class FakeConnection {
  closed = false;
  constructor(readonly n: number) {}
  async close(): Promise<void> {
    this.closed = true;
  }
}

function opener() {
  const opened: FakeConnection[] = [];
  const open = vi.fn(async () => {
    const c = new FakeConnection(opened.length + 1);
    opened.push(c);
    return c;
  });
  return { open, opened };
}

/** What a dead connection's request turns into (lockdown MUX_ERROR → DEVICE_GONE, error-map.ts). */
const stale = () => new DeviceError('DEVICE_GONE', { cause: new TransportError('lockdown', 'MUX_ERROR', -8, 'lockdownd_get_value') });

describe('ConnectionPool', () => {
  it('opens one connection per key and hands it to every caller until dropped', async () => {
    const pool = new ConnectionPool<FakeConnection>(60_000);
    const { open, opened } = opener();
    const seen = await Promise.all([1, 2, 3].map(() => pool.use('A', open, async (c) => c.n)));
    expect(seen).toEqual([1, 1, 1]);
    expect(await pool.use('B', open, async (c) => c.n)).toBe(2);
    await pool.drop('A');
    expect(opened[0]!.closed).toBe(true);
    expect(await pool.use('A', open, async (c) => c.n)).toBe(3);
    await pool.closeAll();
    expect(opened.every((c) => c.closed)).toBe(true);
  });

  it('drops a connection that failed at the connection level, without repeating work on one in active use', async () => {
    const pool = new ConnectionPool<FakeConnection>(60_000);
    const { open } = opener();
    await pool.use('A', open, async () => undefined);
    const work = vi.fn(async () => {
      throw stale();
    });
    await expect(pool.use('A', open, work)).rejects.toMatchObject({ code: 'DEVICE_GONE' });
    expect(work).toHaveBeenCalledTimes(1);
    // The next caller gets a new connection.
    expect(await pool.use('A', open, async (c) => c.n)).toBe(2);
  });

  it('runs work once more on a fresh connection when an idle one turns out stale before answering', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      const pool = new ConnectionPool<FakeConnection>(60_000);
      const { open } = opener();
      await pool.use('A', open, async () => undefined);
      vi.advanceTimersByTime(10_000);
      const ran: number[] = [];
      const result = await pool.use('A', open, async (c) => {
        ran.push(c.n);
        if (c.n === 1) throw stale();
        return 'ok';
      });
      expect(result).toBe('ok');
      expect(ran).toEqual([1, 2]);
      // Once it answered, a failure is the caller's: no second run.
      vi.advanceTimersByTime(10_000);
      const again = vi.fn(async (_c: FakeConnection, use: { call<T>(fn: () => Promise<T>): Promise<T> }) => {
        await use.call(async () => 'answer');
        throw stale();
      });
      await expect(pool.use('A', open, again)).rejects.toMatchObject({ code: 'DEVICE_GONE' });
      expect(again).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a connection a request merely refused, and closes one the work retired', async () => {
    const pool = new ConnectionPool<FakeConnection>(60_000);
    const { open, opened } = opener();
    const refused = new DeviceError('DEVICE_REFUSED', { cause: new TransportError('lockdown', 'INVALID_SERVICE', -27, 'lockdownd_start_service') });
    await expect(pool.use('A', open, async () => Promise.reject(refused))).rejects.toBe(refused);
    expect(opened[0]!.closed).toBe(false);
    await pool.use('A', open, async (_c, use) => {
      use.discard = true;
    });
    expect(opened[0]!.closed).toBe(true);
    expect(await pool.use('A', open, async (c) => c.n)).toBe(2);
  });

  it('gives the second caller of a busy exclusive connection its own, closed after use', async () => {
    const pool = new ConnectionPool<FakeConnection>(60_000, true);
    const { open, opened } = opener();
    let release!: () => void;
    const holding = pool.use('A', open, (c) => new Promise<number>((r) => (release = () => r(c.n))));
    await vi.waitFor(() => expect(opened.length).toBe(1));
    const second = await pool.use('A', open, async (c) => c.n);
    expect(second).toBe(2);
    expect(opened[1]!.closed).toBe(true);
    release();
    expect(await holding).toBe(1);
    expect(opened[0]!.closed).toBe(false);
    // Free again: the pooled one serves.
    expect(await pool.use('A', open, async (c) => c.n)).toBe(1);
  });

  it('closes a connection left unused for the idle time', async () => {
    vi.useFakeTimers();
    try {
      const pool = new ConnectionPool<FakeConnection>(1000);
      const { open, opened } = opener();
      await pool.use('A', open, async () => undefined);
      await vi.advanceTimersByTimeAsync(1500);
      expect(opened[0]!.closed).toBe(true);
      expect(pool.has('A')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('adopts a connection opened elsewhere only when it keeps none for the key, and lets one go without closing it', async () => {
    vi.useFakeTimers();
    try {
      const pool = new ConnectionPool<FakeConnection>(1000);
      const { open, opened } = opener();
      const paired = new FakeConnection(100);
      expect(pool.adopt('A', paired)).toBe(true);
      expect(pool.holds('A', paired)).toBe(true);
      // The adopted one serves the next caller; nothing new is opened.
      expect(await pool.use('A', open, async (c) => c.n)).toBe(100);
      expect(opened).toHaveLength(0);
      // A second candidate for a kept key is refused and stays its owner's.
      const surplus = new FakeConnection(101);
      expect(pool.adopt('A', surplus)).toBe(false);
      expect(pool.holds('A', surplus)).toBe(false);
      // Disowned: forgotten, still open, and its idle timer no longer closes it.
      pool.disown('A', paired);
      expect(pool.has('A')).toBe(false);
      await vi.advanceTimersByTimeAsync(1500);
      expect(paired.closed).toBe(false);
      // An adopted connection idles out like any other.
      expect(pool.adopt('B', surplus)).toBe(true);
      await vi.advanceTimersByTimeAsync(1500);
      expect(surplus.closed).toBe(true);
      await pool.closeAll();
      expect(pool.adopt('C', new FakeConnection(102))).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says whether a caller is alone on a connection, which keepAsSession needs before turning it into a session', async () => {
    const pool = new ConnectionPool<FakeConnection>(60_000);
    const { open } = opener();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const alone = await pool.use('A', open, async (c) => pool.soleUser('A', c));
    expect(alone).toBe(true);
    // A second caller on the same connection while the first is still in its work.
    const first = pool.use('A', open, async (c) => {
      await held;
      return c;
    });
    const shared = await pool.use('A', open, async (c) => pool.soleUser('A', c) || pool.holds('A', c) === false);
    expect(shared).toBe(false);
    release();
    const c = await first;
    expect(pool.soleUser('A', c)).toBe(false); // nobody is using it now: not "sole", idle
    await pool.closeAll();
  });
});
