/**
 * The screens' Content-Security-Policy: scripts only from our own origin (no inline, no eval),
 * nothing framed, no plugins, no forms posted elsewhere. Styles allow inline because Mantine sets
 * its CSS variables in a <style> element and layout values in style attributes; no script can run
 * from a style. `connect` is 'self' for the web host (HTTP + WebSocket to its own origin) and 'none'
 * in Electron, where the screens speak only through the preload bridge.
 */
export function contentSecurityPolicy(connect: 'self' | 'none'): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect === 'self' ? "'self'" : "'none'"}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers every response of the web host carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};
