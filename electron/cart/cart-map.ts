import type { PortIdentity } from '../device/port-identity.js';
import type { Port as StorePort, Slot, SlotLayout } from '../store/repos/slots-repo.js';
import { assertLayoutSize, type SlotsRepo } from '../store/repos/slots-repo.js';
import { comparePortKeys } from './port-order.js';

/** The store keeps a port as its LocationID and/or USB path; the device layer gives a PortIdentity. */
export function storePort(port: PortIdentity): StorePort {
  return {
    locationId: port.locationId ?? null,
    usbPath: port.usbBus !== undefined && port.usbPorts?.length ? `${port.usbBus}-${port.usbPorts.join('.')}` : null,
  };
}

export function portKeyOf(slot: Pick<Slot, 'locationId' | 'usbPath'>): string | null {
  if (slot.usbPath) return `usb:${slot.usbPath}`;
  if (slot.locationId !== null) return `loc:0x${slot.locationId.toString(16).padStart(8, '0')}`;
  return null;
}

/**
 * Which slot each port is: the active layout in the store, a calibration walk ("plug a device into
 * slot 1, then 2, …"), or auto-numbering of the occupied ports in hub order.
 */
export class CartMap {
  private calibration: { layout: string; next: number; capacity: number; seen: Set<string> } | null = null;

  constructor(private readonly slots: SlotsRepo) {}

  layout(): SlotLayout | undefined {
    return this.slots.activeLayout();
  }

  slotFor(port: PortIdentity | undefined): number | null {
    return this.slotRecordFor(port)?.slotNumber ?? null;
  }

  slotRecordFor(port: PortIdentity | undefined): Slot | undefined {
    if (!port || port.key === 'unknown') return undefined;
    return this.slots.lookupByPort(storePort(port));
  }

  list(): Slot[] {
    const layout = this.layout();
    return layout ? this.slots.list(layout.name) : [];
  }

  /** Creates (or reuses) a layout, makes it active and starts the walk at slot 1. */
  startCalibration(name: string, rows: number, columns: number): void {
    assertLayoutSize(rows, columns);
    if (!this.slots.getLayout(name)) this.slots.createLayout({ name, gridRows: rows, gridColumns: columns });
    this.slots.setActiveLayout(name);
    this.calibration = { layout: name, next: 1, capacity: rows * columns, seen: new Set() };
  }

  get calibrating(): { active: boolean; nextSlot: number | null } {
    const c = this.calibration;
    return { active: c !== null, nextSlot: c && c.next <= c.capacity ? c.next : null };
  }

  /** A device was plugged in during calibration: its port becomes the next slot. */
  onAttach(port: PortIdentity | undefined): number | null {
    const c = this.calibration;
    if (!c || !port || port.key === 'unknown' || c.seen.has(port.key) || c.next > c.capacity) return null;
    const slot = c.next;
    this.slots.assignPort(c.layout, slot, storePort(port));
    c.seen.add(port.key);
    c.next += 1;
    if (c.next > c.capacity) this.calibration = null;
    return slot;
  }

  /** Leave the current slot empty (a broken port) and move on. */
  skip(): void {
    const c = this.calibration;
    if (!c) return;
    c.next += 1;
    if (c.next > c.capacity) this.calibration = null;
  }

  finishCalibration(): void {
    this.calibration = null;
  }

  /** Numbers the given occupied ports 1…N in hub order, in a new active layout. */
  autoNumber(name: string, rows: number, columns: number, ports: PortIdentity[]): number {
    assertLayoutSize(rows, columns);
    const known = [...new Map(ports.filter((p) => p.key !== 'unknown').map((p) => [p.key, p])).values()].sort((a, b) => comparePortKeys(a.key, b.key));
    if (known.length > rows * columns) throw new Error(`${known.length} occupied ports do not fit a ${rows}×${columns} cart`);
    if (!this.slots.getLayout(name)) this.slots.createLayout({ name, gridRows: rows, gridColumns: columns });
    this.slots.setActiveLayout(name);
    known.forEach((port, i) => this.slots.assignPort(name, i + 1, storePort(port)));
    this.calibration = null;
    return known.length;
  }
}
