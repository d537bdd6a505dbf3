import { Rng } from './rng.js';

export type LatencyMode = 'none' | 'realistic';

/**
 * How long things take. `none` keeps tests fast (reboots still take a few ms so Detached and
 * Attached stay distinct events); `realistic` models a real cart, multiplied by `timeScale`
 * (0.1 = ten times faster than life).
 */
export class Latency {
  private readonly rng: Rng;

  constructor(
    readonly mode: LatencyMode,
    readonly timeScale: number,
    seed: number | string,
  ) {
    if (!(timeScale > 0)) throw new Error('time scale must be > 0');
    this.rng = new Rng(`latency:${seed}`);
  }

  private scaled(ms: number): number {
    return Math.round(ms * this.timeScale);
  }

  /** Per-request device think time. */
  request(): number {
    return this.mode === 'none' ? 0 : this.scaled(this.rng.int(15, 70));
  }

  /** The person at the cart reads the Trust dialog and taps Trust. */
  trustTap(): number {
    return this.mode === 'none' ? 0 : this.scaled(this.rng.int(2500, 6000));
  }

  /** Erase All Content and Settings, then reboot into Setup Assistant. */
  eraseReboot(): number {
    return this.mode === 'none' ? 150 : this.scaled(this.rng.int(150_000, 240_000));
  }

  restartReboot(): number {
    return this.mode === 'none' ? 150 : this.scaled(this.rng.int(35_000, 60_000));
  }

  /** A device shut down on a powered port boots again when it gets power back. */
  shutdownReboot(): number {
    return this.mode === 'none' ? 300 : this.scaled(this.rng.int(60_000, 90_000));
  }

  /** Battery: ms per percent while charging and while off the cart. */
  batteryRates(): { charging: number; draining: number } {
    const scale = this.mode === 'none' ? 1 : this.timeScale;
    return { charging: 90_000 * scale, draining: 360_000 * scale };
  }
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
