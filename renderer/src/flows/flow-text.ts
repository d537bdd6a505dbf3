import type { CheckoutView, DeviceSummary, FlowName, ReturnPolicy } from '../../../electron/api/index.js';
import { deviceTitle } from '../common/device-text.js';

export const FLOW_LABEL: Record<FlowName, string> = {
  'single-user-standard': 'Single User Standard',
  'single-user-advanced': 'Single User Advanced',
  'multi-user': 'Multi User',
};

export const RETURN_POLICY_LABEL: Record<ReturnPolicy, string> = {
  keep: 'Keep as is (ready for the next person)',
  'remove-profiles': 'Remove the extra configuration profiles',
  erase: 'Erase and stage it again',
};

/** "Slot 3 · Cart A-03": how a technician finds a device on the cart. */
export function deviceLabel(device: Pick<DeviceSummary, 'name' | 'serial' | 'udid' | 'slot'> | undefined, udid: string): string {
  if (!device) return `${udid.slice(0, 8)}…`;
  return `${device.slot === null ? 'No slot' : `Slot ${device.slot}`} · ${deviceTitle(device)}`;
}

export function checkoutDevice(c: Pick<CheckoutView, 'slot' | 'name' | 'serial' | 'udid'>): string {
  return `${c.slot === null ? 'No slot' : `Slot ${c.slot}`} · ${c.name ?? c.serial ?? `${c.udid.slice(0, 8)}…`}`;
}

export function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** The station's status phrases start lower-case (they read inside CLI sentences); a table cell starts a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
