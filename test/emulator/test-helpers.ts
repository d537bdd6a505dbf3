import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtualCart, type VirtualCart, type VirtualCartOptions } from './index.js';

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of Debian's libimobiledevice tools against a cart; never throws on a non-zero exit. */
export function tool(cart: { usbmuxAddress: string } | string, command: string, args: string[], timeoutMs = 45_000): Promise<ToolResult> {
  const address = typeof cart === 'string' ? cart : cart.usbmuxAddress;
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: { ...process.env, USBMUXD_SOCKET_ADDRESS: address }, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A seed nobody used before, so UDIDs (and any pair records a tool leaves behind) are unique per run. */
export function freshSeed(): string {
  return `test-${randomUUID()}`;
}

export function tempSocketPath(): string {
  return join(tmpdir(), `vc-${process.pid}-${randomUUID().slice(0, 8)}.sock`);
}

export async function testCart(options: VirtualCartOptions = {}): Promise<VirtualCart> {
  return startVirtualCart({ devices: 3, seed: freshSeed(), listen: '127.0.0.1:0', ...options });
}

export function poll<T>(read: () => T | undefined | null | false, timeoutMs = 20_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const value = read();
      if (value) return resolve(value);
      if (Date.now() > deadline) return reject(new Error('timed out'));
      setTimeout(tick, everyMs);
    };
    tick();
  });
}
