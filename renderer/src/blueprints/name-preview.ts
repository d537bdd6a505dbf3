import type { DeviceSummary } from '../../../electron/api/device.js';
import { renderName } from '../../../electron/api/name-template.js';

export interface NamePreviewRow {
  udid: string;
  slot: number | null;
  serial: string | null;
  current: string | null;
  /** The name the rename step would give, or why it cannot. */
  next: { ok: true; name: string } | { ok: false; error: string };
}

/**
 * The names a template gives the devices on the cart now, in slot order, rendered by the same code
 * the rename step runs. `{n}` is the device's place in a batch of all of them; `{user}` is unknown
 * here (a flow names the user when it stages).
 */
export function previewNames(template: string, devices: DeviceSummary[]): NamePreviewRow[] {
  const onCart = devices.filter((d) => d.connected).sort((a, b) => (a.slot ?? Infinity) - (b.slot ?? Infinity) || (a.serial ?? a.udid).localeCompare(b.serial ?? b.udid));
  return onCart.map((d, i) => {
    let next: NamePreviewRow['next'];
    try {
      next = { ok: true, name: renderName(template, { slot: d.slot, serial: d.serial, name: d.name, model: d.model, user: null, n: i + 1 }) };
    } catch (e) {
      next = { ok: false, error: (e as Error).message };
    }
    return { udid: d.udid, slot: d.slot, serial: d.serial, current: d.name, next };
  });
}
