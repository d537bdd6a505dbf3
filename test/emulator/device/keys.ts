import { generateKeyPair } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export interface DeviceKeys {
  /**
   * PKCS#1 "BEGIN RSA PUBLIC KEY": the exact form DevicePublicKey must have
   * (docs/device-protocols.md §3.4).
   */
  publicKeyPem: string;
  privateKeyPem: string;
}

export const DEFAULT_KEY_CACHE = join(tmpdir(), 'cartwright-virtual-cart', 'device-keys-v1.json');

/**
 * RSA-2048 device keys are slow to make (tens of ms each), so 100 devices could not start in 2 s.
 * Keys are made lazily, on the first pairing, and kept in a pool file shared by every cart run;
 * slot N of the pool always serves the N-th device of a cart.
 */
export class KeyPool {
  private readonly keys: (DeviceKeys | undefined)[] = [];
  private readonly pending = new Map<number, Promise<DeviceKeys>>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string | null = DEFAULT_KEY_CACHE) {
    if (!file) return;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: DeviceKeys[] };
      for (const k of parsed.keys ?? []) this.keys.push(k);
    } catch {
      // No cache yet (or a corrupt one): keys will be generated on demand.
    }
  }

  async get(index: number): Promise<DeviceKeys> {
    const cached = this.keys[index];
    if (cached) return cached;
    let inFlight = this.pending.get(index);
    if (!inFlight) {
      inFlight = generate('rsa', {
        modulusLength: 2048,
        publicExponent: 65537,
        publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      }).then(({ publicKey, privateKey }) => {
        const keys = { publicKeyPem: publicKey, privateKeyPem: privateKey };
        if (!this.keys[index]) this.keys[index] = keys;
        this.pending.delete(index);
        this.scheduleSave();
        return this.keys[index] ?? keys;
      });
      this.pending.set(index, inFlight);
    }
    return inFlight;
  }

  peek(index: number): DeviceKeys | undefined {
    return this.keys[index];
  }

  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.save();
  }

  private scheduleSave(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, 200);
    this.saveTimer.unref();
  }

  private save(): void {
    if (!this.file) return;
    // Only a contiguous prefix is written, so slot N means the same key in every run.
    const prefix: DeviceKeys[] = [];
    for (const k of this.keys) {
      if (!k) break;
      prefix.push(k);
    }
    if (prefix.length === 0) return;
    try {
      let existing: DeviceKeys[] = [];
      try {
        existing = (JSON.parse(readFileSync(this.file, 'utf8')) as { keys?: DeviceKeys[] }).keys ?? [];
      } catch {
        existing = [];
      }
      // Another cart process may have written a longer pool meanwhile; never shrink it.
      if (existing.length >= prefix.length) return;
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ keys: prefix }), { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch {
      // The cache is an optimisation; a read-only temp dir must not break the cart.
    }
  }
}
