/**
 * Runs the virtual cart as its own process (as `npm run virtual-cart` does) and drives it
 * through its control API. A separate process keeps the cart's event loop and libuv pool apart
 * from the addon's blocking calls, and lets a test kill and restart "usbmuxd".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { DeviceView } from '../emulator/device/view.js';
import type { ProtocolCountersView } from '../emulator/protocol-counters.js';
import { cpuProfArgs } from './cpu-prof-args.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

export type Transport = 'tcp' | 'unix';

/** A device as the control API's GET /devices returns it (the emulator's own view type). */
export type CartDevice = DeviceView;

export interface CartOptions {
  transport: Transport;
  devices: number;
  seed?: string;
  /** --trust: all but 'accept' make set-up, activated devices (only those show a Trust dialog or a passcode lock). */
  trust?: 'accept' | 'pending' | 'deny' | 'passcode';
  latency?: 'none' | 'realistic';
  timeScale?: number;
  /** Linux usbmuxd's preflight auto-pairing (--usbmuxd-auto-pair). */
  usbmuxdAutoPair?: boolean;
  /** Devices start activated in Setup Assistant (--activated); default: Unactivated at Hello. */
  activated?: boolean;
}

export interface CartLaunch {
  devices: number;
  seed: string;
  /** usbmuxd address; default a free TCP port on loopback. */
  listen?: string;
  trust?: 'accept' | 'pending' | 'deny' | 'passcode';
  latency?: 'none' | 'realistic';
  timeScale?: number;
  usbmuxdAutoPair?: boolean;
  /** Devices start activated in Setup Assistant (--activated); default: Unactivated at Hello. */
  activated?: boolean;
  /** Stand-in activation server address `127.0.0.1:PORT`; default a free port. */
  activationListen?: string;
}

/**
 * Starts `test/emulator/cli.ts` as its own process (as `npm run virtual-cart` does) and resolves
 * with its addresses once it prints its ready line. The one way every test, benchmark and chaos
 * run launches a cart; `onSpawn` lets a caller register the child for cleanup before it is ready.
 */
export async function spawnCartDaemon(
  launch: CartLaunch,
  options: { timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<{ child: ChildProcess; usbmuxd: string; control: string; activation: string }> {
  const args = [...cpuProfArgs('cart'), '--import', 'tsx', join(ROOT, 'test/emulator/cli.ts'), '--devices', String(launch.devices), '--listen', launch.listen ?? '127.0.0.1:0', '--control', '127.0.0.1:0', '--seed', launch.seed];
  if (launch.trust) args.push('--trust', launch.trust);
  if (launch.latency) args.push('--latency', launch.latency);
  if (launch.timeScale !== undefined) args.push('--time-scale', String(launch.timeScale));
  if (launch.usbmuxdAutoPair) args.push('--usbmuxd-auto-pair');
  if (launch.activated) args.push('--activated');
  if (launch.activationListen) args.push('--activation', launch.activationListen);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  options.onSpawn?.(child);
  const timeoutMs = options.timeoutMs ?? 60_000;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  try {
    const ready = await new Promise<{ usbmuxd: string; control: string; activation: string }>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`virtual cart did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`virtual cart exited (${code}): ${stderr}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        try {
          const msg = JSON.parse(line) as { ready?: boolean; usbmuxd: string; control: string; activation: string };
          if (!msg.ready) return;
          clearTimeout(timer);
          res(msg);
        } catch {
          // not the ready line
        }
      });
    });
    child.removeAllListeners('exit');
    return { child, ...ready };
  } catch (e) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw e;
  }
}

export class CartDaemon {
  private child: ChildProcess | null = null;
  usbmuxd = '';
  control = '';
  /** The stand-in activation server's base URL, for the station's CARTWRIGHT_ACTIVATION_URL. */
  activation = '';
  private listen: string;
  readonly seed: string;
  private readonly socketPath: string | null;

  constructor(private readonly options: CartOptions) {
    this.seed = options.seed ?? `dev-${randomUUID()}`;
    this.socketPath = options.transport === 'unix' ? join(tmpdir(), `cw-dev-${process.pid}-${randomUUID().slice(0, 8)}.sock`) : null;
    this.listen = this.socketPath ? `UNIX:${this.socketPath}` : '127.0.0.1:0';
  }

  async start(): Promise<void> {
    const activationListen = this.activation ? new URL(this.activation).host : undefined;
    const ready = await spawnCartDaemon({ ...this.options, seed: this.seed, listen: this.listen, ...(activationListen ? { activationListen } : {}) });
    this.child = ready.child;
    this.usbmuxd = ready.usbmuxd;
    this.control = ready.control;
    this.activation = ready.activation;
    // A restart must come back on the same address (TCP port chosen on first start).
    this.listen = ready.usbmuxd;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((res) => {
      child.once('exit', () => res());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.socketPath) rmSync(this.socketPath, { force: true });
  }

  private async http<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.control}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error ?? ''}`);
    return json;
  }

  devices(): Promise<CartDevice[]> {
    return this.http('GET', '/devices');
  }

  device(udid: string): Promise<CartDevice> {
    return this.http('GET', `/devices/${encodeURIComponent(udid)}`);
  }

  act(udid: string, action: 'plug' | 'unplug' | 'trust' | 'deny' | 'pending' | 'lock' | 'unlock' | 'activate' | 'restart' | 'erase' | 'finish-setup'): Promise<CartDevice> {
    return this.http('POST', `/devices/${encodeURIComponent(udid)}/${action}`);
  }

  /** POST /devices: a new device in the next slot (`serial`/`name` may be anything, as a hostile device's). */
  addDevice(options: { productType?: string; productVersion?: string; name?: string; serial?: string; unplugged?: boolean } = {}): Promise<CartDevice> {
    return this.http('POST', '/devices', options);
  }

  setBattery(udid: string, battery: { level?: number; charging?: boolean }): Promise<CartDevice> {
    return this.http('POST', `/devices/${encodeURIComponent(udid)}/battery`, battery);
  }

  fault(fault: Record<string, unknown>): Promise<unknown> {
    return this.http('POST', '/faults', fault);
  }

  clearFaults(): Promise<unknown> {
    return this.http('DELETE', '/faults');
  }

  /** usbmuxd connections, lockdown sessions, TLS handshakes and service starts per UDID since the last reset (GET /counters). */
  counters(): Promise<ProtocolCountersView> {
    return this.http('GET', '/counters');
  }

  resetCounters(): Promise<ProtocolCountersView> {
    return this.http('DELETE', '/counters');
  }
}

/** Polls until `read` returns a truthy value (no fixed sleeps: the machine is shared and slow). */
export async function eventually<T>(read: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await read();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
