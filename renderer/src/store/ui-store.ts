import { create } from 'zustand';
import type { DeviceState } from '../../../electron/api/index.js';

export type StateFilter = 'all' | 'attention' | DeviceState;

/** What the technician picked on the cart: selection and filters (screen state, not station state). */
export interface UiState {
  selected: Record<string, true>;
  filter: StateFilter;
  search: string;
  toggle(udid: string): void;
  selectOnly(udids: string[]): void;
  clear(): void;
  setFilter(filter: StateFilter): void;
  setSearch(search: string): void;
}

export const useUi = create<UiState>()((set) => ({
  selected: {},
  filter: 'all',
  search: '',
  toggle: (udid) =>
    set((s) => {
      const selected = { ...s.selected };
      if (selected[udid]) delete selected[udid];
      else selected[udid] = true;
      return { selected };
    }),
  selectOnly: (udids) => set({ selected: Object.fromEntries(udids.map((u) => [u, true as const])) }),
  clear: () => set({ selected: {} }),
  setFilter: (filter) => set({ filter }),
  setSearch: (search) => set({ search }),
}));

export const selectedUdids = (s: UiState): string[] => Object.keys(s.selected);
