/**
 * Where usbmuxd listens, read the way libusbmuxd 2.0 reads it: `USBMUXD_SOCKET_ADDRESS` as
 * `UNIX:/path` or `host:port`, otherwise the platform default (the system daemon on Linux and
 * macOS, Apple Mobile Device Service on Windows).
 */
export type UsbmuxdAddress =
  | { kind: 'unix'; path: string; custom: boolean; text: string }
  | { kind: 'tcp'; host: string; port: number; custom: boolean; text: string };

export function usbmuxdAddress(env: NodeJS.ProcessEnv = process.env, platform = process.platform): UsbmuxdAddress {
  const raw = env.USBMUXD_SOCKET_ADDRESS?.trim();
  if (raw) return parseUsbmuxdAddress(raw);
  if (platform === 'win32') return { kind: 'tcp', host: '127.0.0.1', port: 27015, custom: false, text: '127.0.0.1:27015' };
  return { kind: 'unix', path: '/var/run/usbmuxd', custom: false, text: 'UNIX:/var/run/usbmuxd' };
}

export function parseUsbmuxdAddress(raw: string): UsbmuxdAddress {
  if (raw.startsWith('UNIX:')) {
    const path = raw.slice('UNIX:'.length);
    if (!path) throw new Error(`USBMUXD_SOCKET_ADDRESS "${raw}" names no socket path (expected UNIX:/path/to/socket).`);
    return { kind: 'unix', path, custom: true, text: raw };
  }
  const m = /^(.+):(\d{1,5})$/.exec(raw);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !m[1] || port < 1 || port > 65535) {
    throw new Error(`USBMUXD_SOCKET_ADDRESS "${raw}" is not UNIX:/path or host:port.`);
  }
  const host = m[1].replace(/^\[(.*)\]$/, '$1');
  return { kind: 'tcp', host, port, custom: true, text: raw };
}
