import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { usbmuxdAddress, type UsbmuxdAddress } from '../device/usbmuxd-address.js';
import { dataDirectory } from '../platform/data-dir.js';
import { findElectronBinary } from '../platform/electron-binary.js';
import { nativeAddonPath } from '../platform/native-addon-path.js';

export interface DoctorCheck {
  id: string;
  title: string;
  ok: boolean;
  /** A required check that fails makes `cartwright doctor` exit non-zero. */
  required: boolean;
  detail: string;
  /** What to do about it; present when the check failed. */
  remedy?: string;
}

const SYSTEM_LIBS = [
  { pc: 'libimobiledevice-1.0', so: 'libimobiledevice-1.0.so', pkg: 'libimobiledevice-dev' },
  { pc: 'libusbmuxd-2.0', so: 'libusbmuxd-2.0.so', pkg: 'libusbmuxd-dev' },
  { pc: 'libplist-2.0', so: 'libplist-2.0.so', pkg: 'libplist-dev' },
];

function checkLibraries(): DoctorCheck {
  const found: string[] = [];
  const missing: string[] = [];
  for (const lib of SYSTEM_LIBS) {
    const r = spawnSync('pkg-config', ['--modversion', lib.pc], { encoding: 'utf8' });
    if (r.status === 0) found.push(`${lib.pc} ${r.stdout.trim()}`);
    else missing.push(lib.pc);
  }
  const ok = missing.length === 0;
  return {
    id: 'libimobiledevice',
    title: 'libimobiledevice, libusbmuxd and libplist',
    ok,
    required: true,
    detail: ok ? found.join(', ') : `not found: ${missing.join(', ')}`,
    ...(ok
      ? {}
      : {
          remedy:
            process.platform === 'darwin'
              ? 'brew install pkg-config libimobiledevice'
              : `sudo apt-get install -y pkg-config ${SYSTEM_LIBS.map((l) => l.pkg).join(' ')} libimobiledevice-utils`,
        }),
  };
}

function checkAddon(): DoctorCheck {
  const path = nativeAddonPath();
  const ok = existsSync(path);
  return {
    id: 'native-addon',
    title: 'Cartwright native addon',
    ok,
    required: true,
    detail: ok ? path : `not built (${path} is missing)`,
    ...(ok ? {} : { remedy: 'install the libraries above, then run: npm run build:native' }),
  };
}

function probeSocket(addr: UsbmuxdAddress, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const sock = addr.kind === 'unix' ? connect(addr.path) : connect(addr.port, addr.host);
    const done = (err: string | null) => {
      sock.destroy();
      resolve(err);
    };
    sock.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    sock.once('connect', () => done(null));
    sock.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

async function checkUsbmuxd(): Promise<DoctorCheck> {
  let addr: UsbmuxdAddress;
  try {
    addr = usbmuxdAddress();
  } catch (e) {
    return { id: 'usbmuxd', title: 'usbmuxd socket', ok: false, required: true, detail: (e as Error).message, remedy: 'fix or unset USBMUXD_SOCKET_ADDRESS' };
  }
  const err = await probeSocket(addr, 1500);
  const remedy = addr.custom
    ? `start the daemon that should listen at ${addr.text} (e.g. npm run virtual-cart), or unset USBMUXD_SOCKET_ADDRESS`
    : process.platform === 'win32'
      ? 'install iTunes or Apple Devices from the Microsoft Store so Apple Mobile Device Service runs'
      : process.platform === 'darwin'
        ? 'usbmuxd is part of macOS; plug in a device or restart the Mac'
        : 'sudo apt-get install -y usbmuxd && sudo systemctl start usbmuxd (it also starts when a device is plugged in)';
  return {
    id: 'usbmuxd',
    title: 'usbmuxd socket reachable',
    ok: err === null,
    required: true,
    detail: err === null ? `${addr.text} accepts connections` : `${addr.text}: ${err}`,
    ...(err === null ? {} : { remedy }),
  };
}

function checkDataDir(): DoctorCheck {
  const dir = dataDirectory();
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { id: 'data-dir', title: 'data directory writable', ok: true, required: true, detail: dir };
  } catch (e) {
    return {
      id: 'data-dir',
      title: 'data directory writable',
      ok: false,
      required: true,
      detail: `${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      remedy: 'choose a writable folder with --data-dir or CARTWRIGHT_DATA_DIR, or fix its permissions',
    };
  }
}

function checkElectron(): DoctorCheck {
  const bin = findElectronBinary();
  return bin.present
    ? { id: 'electron', title: 'Electron binary (desktop app)', ok: true, required: false, detail: bin.path }
    : { id: 'electron', title: 'Electron binary (desktop app)', ok: false, required: false, detail: bin.reason, remedy: bin.remedy };
}

function checkChromium(): DoctorCheck {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const path = candidates.find((p) => existsSync(p));
  return path
    ? { id: 'chromium', title: 'Chromium (browser kiosk and UI tests)', ok: true, required: false, detail: path }
    : {
        id: 'chromium',
        title: 'Chromium (browser kiosk and UI tests)',
        ok: false,
        required: false,
        detail: 'not found',
        remedy: 'sudo apt-get install -y chromium (or set CHROMIUM_PATH)',
      };
}

export async function runDoctor(): Promise<DoctorCheck[]> {
  return [checkLibraries(), checkAddon(), await checkUsbmuxd(), checkDataDir(), checkElectron(), checkChromium()];
}
