/**
 * The addon's blocking device calls run on its own threads (native/src/executor.cc), not on libuv's
 * pool: a child Node process with a pool of ONE thread still has 16 calls in flight at once, and
 * its fs/crypto work is not queued behind them. The process stays alive while a call is in flight,
 * exits when none is, and exits cleanly (code 0, no signal) with calls in flight, also after a
 * worker_thread that had calls in flight was terminated.
 *
 * The device side is a usbmuxd stand-in that answers ReadPairRecord (libusbmuxd's one request, one
 * reply call, docs/device-protocols.md §2.5) only when the test says so, so "in flight together"
 * is a count of requests it holds, not a measurement of time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeAddonPath } from '../../../electron/platform/native-addon-path.js';
import { asString, decodeDict } from '../../emulator/plist-codec.js';
import { encodePlistPacket, MessageType, PacketReader } from '../../emulator/usbmux/packet.js';

const CALLS = 16;
const udid = (i: number) => i.toString(16).padStart(40, '0');
const record = (id: string) => Buffer.from(`record of ${id}`);

interface Held {
  socket: Socket;
  tag: number;
  id: string;
}

/** A usbmuxd that holds every ReadPairRecord until released (or answers at once once `answerAll`). */
class HoldingUsbmuxd {
  readonly held: Held[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  private answerAll = false;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private readonly server: Server = createServer((socket) => this.accept(socket));

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    return `127.0.0.1:${address.port}`;
  }

  /** Resolves once `count` requests are held at the same time. */
  holding(count: number): Promise<void> {
    if (this.held.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Answers `count` held requests (all by default); with `thenAll`, answers later ones at once. */
  release(count = this.held.length, thenAll = false): void {
    for (const h of this.held.splice(0, count)) this.answer(h);
    if (thenAll) this.answerAll = true;
  }

  close(): Promise<void> {
    for (const h of this.held.splice(0)) h.socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const reader = new PacketReader();
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      // libusbmuxd gives up on an unanswered request after a few seconds and closes its socket.
      const i = this.held.findIndex((h) => h.socket === socket);
      if (i < 0) return;
      this.held.splice(i, 1);
      this.inFlight--;
    });
    socket.on('data', (chunk) => {
      for (const packet of reader.push(chunk)) {
        if (packet.message !== MessageType.Plist) continue;
        const request = decodeDict(packet.payload);
        if (request.MessageType !== 'ReadPairRecord') continue;
        const h = { socket, tag: packet.tag, id: asString(request.PairRecordID) ?? '' };
        if (this.answerAll) {
          this.answer(h);
          continue;
        }
        this.held.push(h);
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        for (const w of this.waiters.filter((w) => this.held.length >= w.count)) w.resolve();
        this.waiters = this.waiters.filter((w) => this.held.length < w.count);
      }
    });
  }

  private answer(h: Held): void {
    this.inFlight--;
    if (!h.socket.destroyed) h.socket.write(encodePlistPacket(h.tag, { PairRecordData: record(h.id) }));
  }
}

/**
 * The child: CW_MODE picks what it does with the addon. It reports on stdout, one word a line
 * ("pool-free", "records <json>", "terminated"), and takes orders on stdin ("exit", "terminate").
 */
const child = String.raw`
const { Worker } = require('node:worker_threads');
const { pbkdf2 } = require('node:crypto');
const path = process.env.CW_ADDON;
const udid = (i) => i.toString(16).padStart(40, '0');
const say = (line) => process.stdout.write(line + '\n');
const calls = (addon, n) => Promise.all(Array.from({ length: n }, (_, i) => addon.readPairRecord(udid(i))));
const orders = (handler) => process.stdin.on('data', (d) => String(d).split('\n').filter(Boolean).forEach(handler));
const mode = process.env.CW_MODE;
if (mode === 'concurrent') {
  const addon = require(path);
  calls(addon, ${CALLS}).then((records) => say('records ' + JSON.stringify(records.map(String))));
  // libuv's only pool thread, free while the device calls wait.
  pbkdf2('x', 'y', 1, 8, 'sha256', () => say('pool-free'));
} else if (mode === 'exit') {
  const addon = require(path);
  calls(addon, ${CALLS});
  orders((o) => { if (o === 'exit') process.exit(0); });
} else if (mode === 'await-one') {
  const addon = require(path);
  // Nothing else keeps this process alive: only the call in flight.
  addon.readPairRecord(udid(0)).then((r) => say('records ' + JSON.stringify([String(r)])));
} else if (mode === 'worker') {
  const worker = new Worker('require(process.env.CW_ADDON); const u = (i) => i.toString(16).padStart(40, "0");' +
    'for (let i = 0; i < ${CALLS}; i++) require(process.env.CW_ADDON).readPairRecord(u(i)).catch(() => {});', { eval: true });
  orders(async (o) => {
    if (o === 'terminate') { await worker.terminate(); say('terminated'); }
    if (o === 'call') { const r = await require(path).readPairRecord(udid(99)); say('records ' + JSON.stringify([String(r)])); process.stdin.destroy(); }
  });
}
`;

interface Run {
  proc: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with the first stdout line that starts with `prefix`. */
  line(prefix: string): Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let running: ChildProcess[] = [];
let muxd: HoldingUsbmuxd | undefined;

async function start(mode: string): Promise<{ mux: HoldingUsbmuxd; run: Run }> {
  const mux = new HoldingUsbmuxd();
  muxd = mux;
  const address = await mux.listen();
  const { UV_THREADPOOL_SIZE: _inherited, ...env } = process.env;
  const proc = spawn(process.execPath, ['-e', child], {
    env: { ...env, UV_THREADPOOL_SIZE: '1', USBMUXD_SOCKET_ADDRESS: address, CW_ADDON: nativeAddonPath(), CW_MODE: mode },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.push(proc);
  const lines: string[] = [];
  const listeners: Array<() => void> = [];
  let stderr = '';
  let partial = '';
  proc.stdout?.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const l of listeners) l();
  });
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const line = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find((l) => l.startsWith(prefix));
        if (found !== undefined) resolve(found);
      };
      listeners.push(check);
      check();
      void exit.then(({ code, signal }) => reject(new Error(`child exited (${code ?? signal}) before "${prefix}"; stderr: ${stderr}`)));
    });
  return { mux, run: { proc, lines, stderr: () => stderr, line, exit } };
}

afterEach(async () => {
  for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  running = [];
  await muxd?.close();
  muxd = undefined;
});

describe('native executor (device calls off libuv’s pool)', () => {
  it(`has ${CALLS} calls in flight together with a libuv pool of one thread, and leaves that thread free`, async () => {
    const { mux, run } = await start('concurrent');
    // With the calls on libuv's pool of 1, the stand-in would only ever hold one: give up after a
    // while and answer everything, so the failure is a count, not a hung test.
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([mux.holding(CALLS), run.line('pool-free')]), new Promise((resolve) => (giveUp = setTimeout(resolve, 20_000)))]);
    clearTimeout(giveUp);
    // The pool's one thread ran the pbkdf2 while every device call was still held.
    const poolFreeWhileHeld = run.lines.includes('pool-free') && mux.maxInFlight === CALLS;
    mux.release(undefined, true);
    expect(poolFreeWhileHeld).toBe(true);
    const records = JSON.parse((await run.line('records ')).slice('records '.length)) as string[];
    expect(mux.maxInFlight).toBe(CALLS);
    expect(records).toEqual(Array.from({ length: CALLS }, (_, i) => record(udid(i)).toString()));
    // Nothing in flight any more: the addon does not keep the process alive.
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toBe('');
  });

  it('keeps a process alive while its only call is in flight', async () => {
    const { mux, run } = await start('await-one');
    await mux.holding(1);
    // Give an event loop with nothing keeping it alive ample chance to end before the reply.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(run.proc.exitCode).toBeNull();
    mux.release();
    expect(await run.line('records ')).toBe(`records ${JSON.stringify([record(udid(0)).toString()])}`);
    expect(await run.exit).toEqual({ code: 0, signal: null });
  });

  it('exits with code 0 and no signal on process.exit() with calls in flight, some finishing during the exit', async () => {
    const { mux, run } = await start('exit');
    await mux.holding(CALLS);
    run.proc.stdin?.write('exit\n');
    // Replies that reach executor threads while Node is exiting must be dropped, not delivered.
    mux.release(CALLS / 2);
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toBe('');
  });

  it('drops the calls of a terminated worker_thread and keeps serving the main thread', async () => {
    const { mux, run } = await start('worker');
    await mux.holding(CALLS);
    run.proc.stdin?.write('terminate\n');
    await run.line('terminated');
    // The worker's environment is gone: these completions must not call into it.
    mux.release(undefined, true);
    run.proc.stdin?.write('call\n');
    expect(await run.line('records ')).toBe(`records ${JSON.stringify([record(udid(99)).toString()])}`);
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toBe('');
  });
});
