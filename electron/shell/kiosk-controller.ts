import { HostError } from '../api/index.js';
import { KioskPinGuard } from './kiosk-pin.js';
import type { KioskPinStore } from './kiosk-pin-store.js';

/** What kiosk mode changes in the running app (the Electron entry implements it on the window). */
export interface KioskSurface {
  apply(kiosk: boolean): void;
}

/**
 * Kiosk mode's state and its only exit: the admin PIN. Entering needs a PIN to be set first, or
 * the kiosk could never be left without killing the app.
 */
export class KioskController {
  private active = false;
  private readonly guard: KioskPinGuard;

  constructor(
    private readonly pins: Pick<KioskPinStore, 'read' | 'set'>,
    private readonly surface: KioskSurface,
    now: () => number = Date.now,
  ) {
    this.guard = new KioskPinGuard(() => pins.read(), now);
  }

  get isActive(): boolean {
    return this.active;
  }

  get pinSet(): boolean {
    return this.pins.read() !== null;
  }

  enter(): boolean {
    if (!this.pinSet) throw new HostError('CONFLICT', 'Set the admin PIN before entering kiosk mode.', 'Admin › Settings › Admin PIN.');
    this.active = true;
    this.surface.apply(true);
    return true;
  }

  exit(pin: string): boolean {
    if (!this.active) return true;
    const result = this.guard.attempt(pin);
    if (result.ok) {
      this.active = false;
      this.surface.apply(false);
      return true;
    }
    if (result.reason === 'locked') {
      throw new HostError('UNAUTHORIZED', `Too many wrong PINs: try again in ${Math.ceil((result.retryInMs ?? 0) / 1000)} seconds.`);
    }
    if (result.reason === 'not-set') throw new HostError('CONFLICT', 'No admin PIN is set on this station.');
    return false;
  }

  setPin(pin: string): void {
    if (this.active) throw new HostError('UNAUTHORIZED', 'The admin PIN cannot be changed from the kiosk.');
    this.pins.set(pin);
  }
}
