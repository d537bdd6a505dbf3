import { create } from 'zustand';
import type { DeviceState } from '../../../electron/api/index.js';
import { EMPTY_SELECTION, selectOnly, selectRange, toggleOne, type Selection } from '../cart/selection.js';

export type StateFilter = 'all' | 'attention' | DeviceState;

/** What the technician picked on the cart: selection and filters (screen state, not station state). */
export interface UiState extends Selection {
  /** The cart's devices in slot order, as the grid lays them out (for shift-click ranges). */
  order: string[];
  filter: StateFilter;
  search: string;
  /** The batch started from the Cart screen, shown there until another starts. */
  watchedBatch: string | null;
  toggle(udid: string): void;
  /** A click on a tile: toggles it, or with `range` (shift) selects from the anchor to it. */
  click(udid: string, range: boolean): void;
  selectOnly(udids: string[]): void;
  setSelection(selection: Selection): void;
  setOrder(order: string[]): void;
  clear(): void;
  setFilter(filter: StateFilter): void;
  setSearch(search: string): void;
  watchBatch(batchId: string | null): void;
}

const pick = (s: Selection): Selection => ({ selected: s.selected, anchor: s.anchor });

export const useUi = create<UiState>()((set) => ({
  ...EMPTY_SELECTION,
  order: [],
  filter: 'all',
  search: '',
  watchedBatch: null,
  toggle: (udid) => set((s) => toggleOne(pick(s), udid)),
  click: (udid, range) => set((s) => (range ? selectRange(pick(s), udid, s.order) : toggleOne(pick(s), udid))),
  selectOnly: (udids) => set(selectOnly(udids)),
  setSelection: (selection) => set(pick(selection)),
  setOrder: (order) => set({ order }),
  clear: () => set(EMPTY_SELECTION),
  setFilter: (filter) => set({ filter }),
  setSearch: (search) => set({ search }),
  watchBatch: (watchedBatch) => set({ watchedBatch }),
}));

export const selectedUdids = (s: UiState): string[] => Object.keys(s.selected);
