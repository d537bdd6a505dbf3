/**
 * The only module that loads the native addon (lint enforces it). It adapts the addon to the
 * DeviceTransport seam and turns the addon's rejections into TransportError.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Native from '../../native/index.js';
import { nativeAddonPath } from '../platform/native-addon-path.js';
import { DeviceError } from './errors.js';
import {
  TransportError,
  type DeviceTransport,
  type DiagnosticsHandle,
  type LockdownHandle,
  type MuxEvent,
  type ServiceHandle,
} from './transport-types.js';
import { isUsbEntry } from './usb-only.js';

type Addon = typeof Native;

let cached: Addon | null = null;

/** Loads the addon once. `path` overrides the location (asar-unpacked builds, tests). */
export function loadAddon(path = process.env.CARTWRIGHT_NATIVE_ADDON ?? nativeAddonPath()): Addon {
  if (cached) return cached;
  if (!existsSync(path)) {
    throw new DeviceError('ADDON_MISSING', { message: `The station’s native device module is not built (${path} is missing).` });
  }
  try {
    cached = createRequire(import.meta.url)(path) as Addon;
  } catch (cause) {
    throw new DeviceError('ADDON_MISSING', {
      message: `The native device module at ${path} could not be loaded: ${(cause as Error).message}`,
      remedy: 'Install libimobiledevice, libusbmuxd and libplist, then run: npm run build:native',
      cause,
    });
  }
  return cached;
}

function isNativeError(e: unknown): e is Native.NativeError {
  return typeof e === 'object' && e !== null && (e as { native?: unknown }).native === true;
}

function rethrow(e: unknown): never {
  if (isNativeError(e)) throw new TransportError(e.domain, e.codeName, e.code, e.op, e.response);
  throw e;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    rethrow(e);
  }
}

/** `sessionOnPlain`: the addon can start a session on this connection (else the handle does not offer it). */
function wrapLockdown(c: Native.LockdownClient, sessionOnPlain: boolean): LockdownHandle {
  const handle: LockdownHandle = {
    getValue: (d, k, o) => call(() => c.getValue(d, k, o)),
    setValue: (d, k, v) => call(() => c.setValue(d, k, v)),
    removeValue: (d, k) => call(() => c.removeValue(d, k)),
    queryType: () => call(() => c.queryType()),
    startService: (n, e) => call(() => c.startService(n, e)),
    openService: async (n, o) => wrapService(await call(() => c.openService(n, { ...o, client: 'plist' }))),
    openDiagnostics: async (n) => wrapDiagnostics(await call(() => c.openService(n, { client: 'diagnostics' }))),
    pair: (r, o) => call(() => c.pair(r, o)),
    validatePair: (r) => call(() => c.validatePair(r)),
    unpair: (r) => call(() => c.unpair(r)),
    activate: (x) => call(() => c.activate(x)),
    close: () => call(() => c.close()),
  };
  // Absent rather than failing: keepAsSession then leaves the connection as it is at once, and the
  // next paired work opens its session with the library's own handshake.
  if (sessionOnPlain) handle.startSession = (h) => call(() => c.startSession(h));
  return handle;
}

function wrapService(c: Native.ServiceClient): ServiceHandle {
  return {
    send: (x, b) => call(() => c.send(x, b)),
    receive: (t) => call(() => c.receive(t)),
    request: (x, b, t) => call(() => c.request(x, b, t)),
    listen: (onMessage) => c.listen((m, e) => onMessage(m, e ? new TransportError(e.domain, e.codeName, e.code, e.op, e.response) : null)),
    close: () => call(() => c.close()),
  };
}

function wrapDiagnostics(c: Native.DiagnosticsRelay): DiagnosticsHandle {
  return {
    ioregistryEntry: (n, k) => call(() => c.ioregistryEntry(n, k)),
    restart: (f) => call(() => c.restart(f)),
    shutdown: (f) => call(() => c.shutdown(f)),
    sleep: () => call(() => c.sleep()),
    close: () => call(() => c.close()),
  };
}

/**
 * usbmuxd's SystemBUID names the host, not a device: usbmuxd makes it once and stores it in its
 * SystemConfiguration.plist (usbmuxd src/conf.c config_get_system_buid), so a batch pairing N
 * devices need not open N usbmuxd sockets to ask. Kept a minute (a reset of usbmuxd's
 * configuration is seen soon after), shared while in flight, not kept when the read fails or finds
 * none, and forgotten on any REMOVE: a usbmuxd restart (which may come with a new configuration)
 * reaches libusbmuxd's listeners as a REMOVE of every device (docs/device-protocols.md §2.9).
 */
const BUID_TTL_MS = 60_000;

interface CachedBuid {
  read(): Promise<string | null>;
  forget(): void;
}

function cachedBuid(read: () => Promise<string | null>): CachedBuid {
  let kept: { at: number; value: Promise<string | null> } | null = null;
  return {
    read() {
      if (kept && performance.now() - kept.at < BUID_TTL_MS) return kept.value;
      const entry = { at: performance.now(), value: read() };
      kept = entry;
      // Only this entry: a newer one (after a forget) stays.
      const drop = () => {
        if (kept === entry) kept = null;
      };
      entry.value.then((v) => (v === null ? drop() : undefined), drop);
      return entry.value;
    },
    forget() {
      kept = null;
    },
  };
}

/** The real transport: libimobiledevice through the addon, usbmuxd at USBMUXD_SOCKET_ADDRESS. */
export function nativeTransport(addon: Addon = loadAddon()): DeviceTransport {
  const buid = cachedBuid(() => call(() => addon.readBuid()));
  return {
    // USB entries only: a Wi-Fi twin is not on the cart (usb-only.ts).
    listDevices: async () => (await call(() => addon.listDevices())).filter(isUsbEntry),
    readBuid: () => buid.read(),
    readPairRecord: (u) => call(() => addon.readPairRecord(u)),
    savePairRecord: (u, id, d) => call(() => addon.savePairRecord(u, id, d)),
    deletePairRecord: (u) => call(() => addon.deletePairRecord(u)),
    subscribe: (listener: (e: MuxEvent) => void) => {
      try {
        addon.subscribeEvents((e) => {
          if (e.type === 'remove') buid.forget();
          if (isUsbEntry(e)) listener(e);
        });
      } catch (e) {
        rethrow(e);
      }
    },
    unsubscribe: () => call(() => addon.unsubscribeEvents()),
    lockdown: async (u, o) => wrapLockdown(await call(() => addon.lockdownConnect(u, { ...o, requirePairRecord: true })), addon.canStartSessionOnPlainConnection === true),
    service: async (u, s) => wrapService(await call(() => addon.serviceConnect(u, s))),
    diagnostics: async (u, s) => wrapDiagnostics(await call(() => addon.diagnosticsConnect(u, s))),
  };
}
