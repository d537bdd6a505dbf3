import { create } from 'zustand';
import type { ApiError, BatchProgress, CartView, DeviceSummary, HostInfo, StationEvent } from '../../../electron/api/index.js';
import type { ConnectionStatus } from '../transport/transport';

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
  loadSnapshot(devices: DeviceSummary[], cart: CartView | null): void;
  setConnection(status: ConnectionStatus): void;
  setHost(host: HostInfo): void;
  setInfo(info: StationInfo): void;
  notify(level: Notice['level'], message: string, error?: ApiError): void;
  dismiss(id: number): void;
}

let nextNotice = 1;
const MAX_NOTICES = 5;

export const useStation = create<StationState>()((set) => ({
  devices: {},
  cart: null,
  batches: {},
  notices: [],
  connection: 'connecting',
  host: null,
  info: null,
  apply: (event) =>
    set((s) => {
      switch (event.type) {
        case 'devices': {
          const devices = { ...s.devices };
          for (const d of event.devices) devices[d.udid] = d;
          return { devices };
        }
        case 'device-removed': {
          if (!(event.udid in s.devices)) return {};
          const devices = { ...s.devices };
          delete devices[event.udid];
          return { devices };
        }
        case 'cart':
          return { cart: event.cart };
        case 'batch':
          return { batches: { ...s.batches, [event.progress.batchId]: event.progress } };
        case 'notice':
          return { notices: [...s.notices, { id: nextNotice++, level: event.level, message: event.message, error: event.error }].slice(-MAX_NOTICES) };
      }
    }),
  loadSnapshot: (list, cart) => set({ devices: Object.fromEntries(list.map((d) => [d.udid, d])), ...(cart ? { cart } : {}) }),
  setConnection: (connection) => set({ connection }),
  setHost: (host) => set({ host }),
  setInfo: (info) => set({ info }),
  notify: (level, message, error) => set((s) => ({ notices: [...s.notices, { id: nextNotice++, level, message, error }].slice(-MAX_NOTICES) })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
