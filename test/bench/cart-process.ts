/**
 * The virtual cart as its own process, started exactly as `npm run virtual-cart` does, with what
 * the benchmark needs beyond test/helpers/cart-daemon.ts: the pid (for CPU and RSS) and the time
 * from spawn to the ready line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { nowMs, procCpuMs, procMemoryMb, stopChild, track } from './proc.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface CartSpec {
  devices: number;
  seed: string;
  latency: 'none' | 'realistic';
  timeScale?: number;
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
    const args = ['--import', 'tsx', join(ROOT, 'test/emulator/cli.ts'), '--devices', String(spec.devices), '--listen', '127.0.0.1:0', '--control', '127.0.0.1:0', '--seed', spec.seed, '--latency', spec.latency];
    if (spec.timeScale !== undefined) args.push('--time-scale', String(spec.timeScale));
    const t0 = nowMs();
    const child = track(spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    try {
      const ready = await new Promise<{ usbmuxd: string; control: string }>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`virtual cart did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
        child.once('exit', (code) => {
          clearTimeout(timer);
          rej(new Error(`virtual cart exited (${code}): ${stderr}`));
        });
        createInterface({ input: child.stdout! }).on('line', (line) => {
          try {
            const msg = JSON.parse(line) as { ready?: boolean; usbmuxd: string; control: string };
            if (!msg.ready) return;
            clearTimeout(timer);
            res(msg);
          } catch {
            // not the ready line
          }
        });
      });
      child.removeAllListeners('exit');
      track(child);
      return new CartProcess(child, child.pid!, ready.usbmuxd, ready.control, nowMs() - t0);
    } catch (e) {
      await stopChild(child);
      throw e;
    }
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
