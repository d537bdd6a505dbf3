import type { ChildProcess } from 'node:child_process';
import { spawnCartDaemon, type CartDevice } from '../../helpers/cart-daemon.js';
import { track } from '../core/procs.js';

export type { CartDevice };

export interface CartLaunch {
  devices: number;
  seed: string;
  latency?: 'none' | 'realistic';
  timeScale?: number;
}

/**
 * The virtual cart as its own process (its event loop apart from the addon's blocking calls),
 * registered with the process registry so it dies with the run. The control API is the one the
 * emulator README documents; only what the scenarios use is wrapped.
 */
export class CartProcess {
  usbmuxd = '';
  control = '';
  private child: ChildProcess | null = null;

  constructor(readonly launch: CartLaunch) {}

  /** A handle on a cart another process started (fuzz workers drive the scenario's cart). */
  static attach(usbmuxd: string, control: string): CartProcess {
    const cart = new CartProcess({ devices: 0, seed: 'attached' });
    cart.usbmuxd = usbmuxd;
    cart.control = control;
    return cart;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    // Faults, not activation, are under test: the activated population (devices in Setup Assistant).
    const ready = await spawnCartDaemon({ activated: true, ...this.launch }, { timeoutMs, onSpawn: (child) => track(child) });
    this.child = ready.child;
    this.usbmuxd = ready.usbmuxd;
    this.control = ready.control;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private async http<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.control}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
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

  act(udid: string, action: 'plug' | 'unplug' | 'erase' | 'activate' | 'trust'): Promise<CartDevice> {
    return this.http('POST', `/devices/${encodeURIComponent(udid)}/${action}`);
  }

  fault(fault: Record<string, unknown>): Promise<unknown> {
    return this.http('POST', '/faults', fault);
  }

  clearFaults(): Promise<unknown> {
    return this.http('DELETE', '/faults');
  }
}
