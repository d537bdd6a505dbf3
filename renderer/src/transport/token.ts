const KEY = 'cartwright.token';

/**
 * The access token for a station served beyond loopback. It arrives once in the address
 * (`?token=…`), moves to sessionStorage (this tab only), and leaves the address bar, so it is not
 * bookmarked, shared in a screenshot, or sent as a Referer.
 */
export function takeAccessToken(location: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const url = new URL(location.href);
  // A one-time sign-in code has been spent by the page load (the session cookie replaces it): it
  // leaves the address bar too, so a reload or a bookmark does not offer a dead code.
  if (url.searchParams.has('code')) {
    url.searchParams.delete('code');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  }
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return storage.getItem(KEY);
}

/** The token as a WebSocket subprotocol (a browser cannot set headers on a WebSocket). */
export function tokenProtocol(token: string): string {
  const bytes = new TextEncoder().encode(token);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `cartwright-token.${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
