/**
 * The device layer's shutdown gate. Every transport call goes through it (context.ts deviceCall):
 * once the layer stops, no new call reaches a device (so nothing asks a connection the layer is
 * about to close, or has closed), and the layer waits for the calls already in flight before it
 * lets the watcher and the addon go.
 */
import { DeviceError } from './errors.js';

export class CallGate {
  private readonly inFlight = new Set<Promise<unknown>>();
  private shut = false;

  get closed(): boolean {
    return this.shut;
  }

  /** Throws once the gate is closed: a late caller (work a stopped job left behind) is told, not run. */
  admit(udid: string): void {
    if (this.shut) throw new DeviceError('INTERNAL', { udid, message: 'The station is stopping: the device was not asked.', remedy: 'Start the station again; unfinished jobs resume where they stopped.' });
  }

  /** Keeps `call` in view until it settles; the caller still gets (and must handle) its outcome. */
  track<T>(call: Promise<T>): Promise<T> {
    this.inFlight.add(call);
    const forget = () => void this.inFlight.delete(call);
    call.then(forget, forget);
    return call;
  }

  close(): void {
    this.shut = true;
  }

  /**
   * Resolves when every call in flight has settled, or after `graceMs`: a call on a connection the
   * layer closed ends at once, one on a device that never answers must not hold the station open.
   */
  async settled(graceMs: number): Promise<void> {
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
  }
}
