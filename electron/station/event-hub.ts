import type { StationEvent } from '../api/index.js';

/** The station's event fan-out: built first, so every service can emit without the station. */
export class EventHub {
  private readonly listeners = new Set<(e: StationEvent) => void>();

  subscribe(listener: (e: StationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly emit = (e: StationEvent): void => {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // one screen's failure is not the station's
      }
    }
  };
}
