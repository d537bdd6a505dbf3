import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hashPin } from './kiosk-pin.js';

/** The admin PIN's hash in the data directory (owner-only file); the PIN itself is never written. */
export class KioskPinStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'kiosk-pin.json');
  }

  read(): string | null {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as { hash?: unknown };
      return typeof data.hash === 'string' ? data.hash : null;
    } catch {
      return null;
    }
  }

  set(pin: string): void {
    const hash = hashPin(pin);
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ hash, setAt: new Date().toISOString() })}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }
}
