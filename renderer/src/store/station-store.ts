import { create } from 'zustand';
import type { ApiError, BatchProgress, CartView, DeviceSummary, HostInfo, StationEvent } from '../../../electron/api/index.js';
import type { ConnectionStatus } from '../transport/transport';
import { reduceEvents } from './reduce-events';
import { sameValue } from './same-value';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  message: string;
  error?: ApiError | undefined;
}

export interface StationInfo {
  version: string;
  organization: string | null;
  autoStage: { enabled: boolean; blueprint: string | null };
}

export interface StationState {
  /** Normalized by UDID: a tile subscribes to `devices[udid]` and re-renders only when that device changes. */
  devices: Record<string, DeviceSummary>;
  cart: CartView | null;
  batches: Record<string, BatchProgress>;
  notices: Notice[];
  connection: ConnectionStatus;
  host: HostInfo | null;
  info: StationInfo | null;
  apply(event: StationEvent): void;
  /** Applies events in order as ONE state update (a coalesced batch, a replay after a snapshot). */
  applyAll(events: readonly StationEvent[]): void;
  loadSnapshot(devices: DeviceSummary[], cart: CartView | null): void;
  setConnection(status: ConnectionStatus): void;
  setHost(host: HostInfo): void;
  setInfo(info: StationInfo): void;
  notify(level: Notice['level'], message: string, error?: ApiError): void;
  dismiss(id: number): void;
}

let nextNotice = 1;
const MAX_NOTICES = 5;

export const useStation = create<StationState>()((set, get) => ({
  devices: {},
  cart: null,
  batches: {},
  notices: [],
  connection: 'connecting',
  host: null,
  info: null,
  apply: (event) => get().applyAll([event]),
  applyAll: (events) => {
    if (events.length === 0) return;
    // One set() for the whole run: subscribers (100 tiles) are notified once, not once per event.
    set((s) => {
      const { patch, notices } = reduceEvents(s, events);
      // Returning the same state object tells zustand nothing changed: no subscriber runs.
      if (notices.length === 0) return Object.keys(patch).length === 0 ? s : patch;
      return { ...patch, notices: [...s.notices, ...notices.map((n) => ({ id: nextNotice++, ...n }))].slice(-MAX_NOTICES) };
    });
  },
  loadSnapshot: (list, cart) =>
    // A reconnect's snapshot keeps the objects of devices that did not change, so their tiles do not redraw.
    set((s) => ({ devices: Object.fromEntries(list.map((d) => [d.udid, sameValue(s.devices[d.udid], d) ? s.devices[d.udid]! : d])), ...(cart ? { cart } : {}) })),
  setConnection: (connection) => set({ connection }),
  setHost: (host) => set({ host }),
  setInfo: (info) => set({ info }),
  notify: (level, message, error) => set((s) => ({ notices: [...s.notices, { id: nextNotice++, level, message, error }].slice(-MAX_NOTICES) })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
