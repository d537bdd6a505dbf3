/**
 * The virtual cart as its own process, started exactly as `npm run virtual-cart` does, with what
 * the benchmark needs beyond test/helpers/cart-daemon.ts: the pid (for CPU and RSS) and the time
 * from spawn to the ready line.
 */
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { spawnCartDaemon } from '../helpers/cart-daemon.js';
import { nowMs, procCpuMs, procMemoryMb, stopChild, track } from './proc.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface CartSpec {
  devices: number;
  seed: string;
  latency: 'none' | 'realistic';
  timeScale?: number;
  /** 'pending': devices past setup whose Trust dialog opens and waits for a tap (control API). */
  trust?: 'accept' | 'pending';
}

export class CartProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
    readonly usbmuxd: string,
    readonly control: string,
    /** Spawn → ready line, ms (includes Node + tsx start-up, as a technician experiences it). */
    readonly startMs: number,
  ) {}

  static async start(spec: CartSpec, timeoutMs = 60_000): Promise<CartProcess> {
    const t0 = nowMs();
    // Staging load, not activation: the activated population (devices in Setup Assistant).
    const ready = await spawnCartDaemon({ activated: true, ...spec }, { timeoutMs, onSpawn: (child) => track(child) });
    return new CartProcess(ready.child, ready.child.pid!, ready.usbmuxd, ready.control, nowMs() - t0);
  }

  cpuMs(): number | null {
    return procCpuMs(this.pid);
  }

  memory(): { rssMb: number; peakMb: number } | null {
    return procMemoryMb(this.pid);
  }

  private async http<T>(method: string, path: string): Promise<T> {
    const res = await fetch(`${this.control}${path}`, { method, signal: AbortSignal.timeout(15_000) });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error ?? ''}`);
    return json;
  }

  async udids(): Promise<string[]> {
    return (await this.http<{ udid: string }[]>('GET', '/devices')).map((d) => d.udid);
  }

  devices<T = Record<string, unknown>>(): Promise<T[]> {
    return this.http('GET', '/devices');
  }

  act(udid: string, action: 'plug' | 'unplug'): Promise<unknown> {
    return this.http('POST', `/devices/${encodeURIComponent(udid)}/${action}`);
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

/** Starts a cart, runs `work`, and always stops the cart again. */
export async function withCart<T>(spec: CartSpec, work: (cart: CartProcess) => Promise<T>): Promise<T> {
  const cart = await CartProcess.start(spec);
  try {
    return await work(cart);
  } finally {
    await cart.stop();
  }
}
