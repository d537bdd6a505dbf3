import { assignSlot, type CartLayout } from './layout.js';

/**
 * "Plug a device into slot 1, then 2, …": each newly attached device's port becomes the next
 * slot. A device plugged into a port already calibrated in this session is ignored (the
 * technician moved the same device along), so the walk can go at the technician's pace.
 */
export class CalibrationSession {
  private layout: CartLayout;
  private next: number;
  private readonly calibrated = new Set<string>();

  constructor(layout: CartLayout, startSlot = 1) {
    this.layout = { ...layout, slots: layout.slots.filter((s) => s.slot < startSlot) };
    this.next = startSlot;
  }

  get nextSlot(): number | null {
    return this.next <= this.layout.rows * this.layout.columns ? this.next : null;
  }

  get done(): boolean {
    return this.nextSlot === null;
  }

  /** A device appeared on `portId`; returns the slot it calibrated, or null when ignored. */
  onAttach(portId: string | null): number | null {
    if (!portId || this.done || this.calibrated.has(portId)) return null;
    const slot = this.next;
    this.layout = assignSlot(this.layout, slot, portId);
    this.calibrated.add(portId);
    this.next += 1;
    return slot;
  }

  /** Leave a slot empty (e.g. a broken port) and move on. */
  skip(): void {
    if (!this.done) this.next += 1;
  }

  result(): CartLayout {
    return this.layout;
  }
}
