import { dirname, resolve } from 'node:path';
import { hasControlCharacters } from '../../../../electron/api/printable.js';
import { DEVICE_ERROR_CODES } from '../../../../electron/device/errors.js';
import { assertDeviceIdentity } from '../../../../electron/device/identifiers.js';
import { parseReply } from '../../../../electron/device/plist.js';
import { lockdownValuesSchema, mapSnapshot } from '../../../../electron/device/snapshot.js';
import { pathInside } from '../../../../electron/staging/safe-path.js';
import type { Rng } from '../../core/rng.js';
import { classifyError } from '../outcome.js';
import type { FuzzTarget } from './types.js';

const known = (code: string): boolean => code === 'INVALID_INPUT' || (DEVICE_ERROR_CODES as readonly string[]).includes(code);

const HOSTILE = ['/', '..', '../', '\\', '\u0000', '\u001b[2J', '\u0007', '\u009b', '\n', '\r', '\t', '%2e%2e%2f', 'ＡＢ', '\u202e', 'é', ' ', '*', '$(id)', ':', 'C:'];
const SERIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** Mostly plausible, often one hostile piece away from plausible, sometimes pure noise. */
function identityValue(rng: Rng, valid: () => string): string {
  const base = valid();
  const r = rng.int(0, 9);
  if (r < 4) return base;
  if (r < 8) {
    const at = rng.int(0, base.length);
    return `${base.slice(0, at)}${rng.pick(HOSTILE)}${base.slice(at)}`;
  }
  return Array.from({ length: rng.int(0, 40) }, () => (rng.chance(0.5) ? rng.pick(HOSTILE) : String.fromCharCode(rng.int(0, 0x2ff)))).join('');
}

const validSerial = (rng: Rng) => () => rng.chars(SERIAL_ALPHABET, rng.pick([10, 11, 12]));
const validUdid = (rng: Rng) => () => (rng.chance(0.5) ? rng.hex(40, false) : `0000${rng.hex(4)}-${rng.hex(16)}`);
const validName = (rng: Rng) => () => `iPad ${rng.int(1, 99)}`;

/**
 * Identity values a hostile device reports (serial, UDID, name, IMEI) through the lockdown schema
 * and the snapshot mapping, then the hand-off sheet's name through the path guard. Accepted values
 * must be safe: a serial that names only a file inside the folder, a name without control
 * characters; everything else a typed PROTOCOL (or INVALID_INPUT from the guard).
 */
export const deviceIdentity: FuzzTarget = {
  name: 'device-identity',
  weight: 6,
  caseMs: 5_000,
  async setup(ctx) {
    const sheets = resolve(ctx.tmp, 'sheets');
    return {
      async run(rng) {
        const values: Record<string, unknown> = {
          UniqueDeviceID: identityValue(rng, validUdid(rng)),
          ProductType: 'iPad13,1',
          ProductVersion: '17.5',
          BuildVersion: '21F79',
          DeviceName: identityValue(rng, validName(rng)),
          DeviceClass: 'iPad',
          ActivationState: 'Activated',
          InternationalMobileEquipmentIdentity: identityValue(rng, () => String(rng.int(100000000000000, 999999999999999))),
        };
        if (rng.chance(0.9)) values.SerialNumber = identityValue(rng, validSerial(rng));
        try {
          assertDeviceIdentity(values, 'fuzz');
          const snapshot = mapSnapshot({ values: parseReply(lockdownValuesSchema, values, { udid: 'fuzz', what: 'lockdown values' }), battery: null, cloudConfiguration: null, profiles: [] });
          if (hasControlCharacters(snapshot.name)) return { kind: 'untyped', detail: `a device name kept control characters: ${JSON.stringify(snapshot.name)}` };
          if (snapshot.imei !== null && !/^\d{15}$/.test(snapshot.imei)) return { kind: 'untyped', detail: `an IMEI passed unchecked: ${JSON.stringify(snapshot.imei)}` };
          if (snapshot.serialNumber === null) return { kind: 'ok' };
          const file = pathInside(sheets, `handoff-${snapshot.serialNumber}.pdf`);
          if (dirname(file) !== sheets) return { kind: 'untyped', detail: `serial ${JSON.stringify(snapshot.serialNumber)} names ${file}, outside ${sheets}` };
          return { kind: 'ok' };
        } catch (e) {
          return classifyError(e, known);
        }
      },
    };
  },
};

/** The path guard alone on arbitrary names: a path inside the folder, or INVALID_INPUT. */
export const outputPath: FuzzTarget = {
  name: 'output-path',
  weight: 3,
  caseMs: 5_000,
  async setup(ctx) {
    const dir = resolve(ctx.tmp, 'out');
    return {
      async run(rng) {
        const name = identityValue(rng, () => `handoff-${rng.chars(SERIAL_ALPHABET, 11)}.pdf`);
        try {
          const file = pathInside(dir, name);
          return dirname(file) === dir ? { kind: 'ok' } : { kind: 'untyped', detail: `${JSON.stringify(name)} resolved to ${file}` };
        } catch (e) {
          return classifyError(e, known);
        }
      },
    };
  },
};
