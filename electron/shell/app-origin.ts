/**
 * The screens load from `app://cartwright/…`, a privileged custom scheme served from the built
 * renderer only, never from file:// (which would let any local file be read or framed).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'cartwright';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True only for URLs of our own screens (WHATWG gives custom schemes an opaque origin, so compare parts). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
