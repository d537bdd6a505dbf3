import type { StationHandlers } from '../api/station-handlers.js';
import { slotLayoutFileSchema } from '../store/repos/slots-repo.js';
import type { StationServices } from './services.js';

const fail = (code: string, message: string, remedy: string): never => {
  throw Object.assign(new Error(message), { code, remedy });
};

/**
 * A cart layout as a file, out and in: what `cartwright slots export/import` format (a second cart
 * wired like the first). The file is checked here, against the store's own schema.
 */
export function cartLayoutHandlers(station: Pick<StationServices, 'store' | 'cart' | 'devices' | 'audit'>): Pick<StationHandlers, 'cart.exportLayout' | 'cart.importLayout'> {
  return {
    'cart.exportLayout': async ({ name }) => {
      const chosen = name ?? station.cart.layout()?.name ?? fail('NOT_FOUND', 'There is no cart layout to export yet.', 'Calibrate the cart first: cartwright slots calibrate, or the Calibration screen.');
      if (!station.store.slots.getLayout(chosen)) fail('NOT_FOUND', `There is no cart layout named “${chosen}”.`, 'cartwright slots show names the active layout.');
      return { file: station.store.slots.exportLayout(chosen) };
    },
    'cart.importLayout': async ({ file }) => {
      const parsed = slotLayoutFileSchema.safeParse(file);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        fail('INVALID_INPUT', `This is not a slot layout: ${issues}`, 'Export the layout again from the station it came from (cartwright slots export).');
      }
      const layout = station.store.slots.importLayout(parsed.data);
      station.store.slots.setActiveLayout(layout.name);
      station.devices.relocateAll();
      station.audit('cart.import', null, { layout: layout.name });
      return { layout: layout.name, slots: station.store.slots.list(layout.name).length };
    },
  };
}
