/** An in-memory McInstallDevice and a recording McInstallHost for MCInstall unit tests. */
import { createMcInstallSession } from '../../../emulator/mcinstall/index.js';
import type { McInstallDevice, McInstallHost, McInstallSession } from '../../../emulator/mcinstall/contract.js';

/** Fresh out of the box: activated, in Setup Assistant, nothing configured (the cart's default). */
export function makeDevice(overrides: Partial<McInstallDevice> = {}): McInstallDevice {
  return {
    udid: '00008030-001A2B3C4D5E6F70',
    productVersion: '17.5',
    activationState: 'Activated',
    adeAssigned: false,
    userEnrollment: false,
    setupCompleted: false,
    passcodeSet: false,
    cloudConfiguration: null,
    profiles: [],
    storedProfile: null,
    settings: {},
    counters: {},
    ...overrides,
  };
}

export interface RecordingHost extends McInstallHost {
  erasures: { preserveDataPlan: boolean; disallowProximitySetup: boolean }[];
  pairingDeletions: number;
}

export function makeHost(): RecordingHost {
  const host: RecordingHost = {
    erasures: [],
    pairingDeletions: 0,
    eraseDevice: (options) => host.erasures.push(options),
    now: () => new Date('2025-01-15T10:00:00Z'),
    deleteHostPairings: () => {
      host.pairingDeletions++;
    },
  };
  return host;
}

export function makeSession(overrides: Partial<McInstallDevice> = {}): {
  device: McInstallDevice;
  host: RecordingHost;
  session: McInstallSession;
} {
  const device = makeDevice(overrides);
  const host = makeHost();
  return { device, host, session: createMcInstallSession(device, host) };
}

/** host.eraseDevice runs on the next macrotask, after the reply. */
export const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
